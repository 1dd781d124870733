"""A Redis cache that a Redis outage cannot turn into a site outage.

Django's RedisCache raises when Redis is down, and nearly every request reads
the cache (page versions, sessions, rate limits, form stamps), so a stopped
Redis answered every page with a 500. `ForgivingRedisCache` answers as an
empty cache instead, which every caller already copes with:

- reads miss: pages are drawn afresh, sessions are read from the database
  (SESSION_ENGINE is cached_db with Redis), image renditions are looked up;
- writes are forgotten, and `add` succeeds, so counters and locks start
  afresh: the comment rate limits and the sign-in limits let readers through
  (they fail open) rather than refusing everyone;
- `incr` raises ValueError, as for a key that is not there.

A write Redis missed can leave an older value behind if Redis kept its data
(a network blip, or a restart that reloads its snapshot): the session of a
reader who signed out, a page version that should have changed. So the keys
written while Redis was away are deleted as soon as it answers again, before
anything else is read, and `cache_recovered` is sent.

The outage is logged once, not per request (redis_outages.py). Health
checks want the error rather than an empty answer: inside `errors_raised()`
a failure raises `CacheUnavailable`.
"""

import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

from .redis_outages import Outage, outage_for

# Sent (with `address`) when the cache answers again after an outage.
cache_recovered = Signal()

CONSEQUENCE = (
    "Serving without it until it answers: pages are drawn afresh, sessions "
    "are read from the database, and comment and sign-in rate limits are not "
    "enforced (they fail open)."
)
# Keys written during an outage, remembered to be deleted when Redis is back.
# A bound keeps a long outage from growing memory; past it, the log says so.
MAX_LOST_KEYS = 10_000

_raise_errors: ContextVar[bool] = ContextVar("cache_errors_raised", default=False)


class CacheUnavailable(Exception):
    """The cache cannot be reached; the message gives the last error seen."""


@contextmanager
def errors_raised():
    """Let cache failures raise inside this block (for health checks)."""
    token = _raise_errors.set(True)
    try:
        yield
    finally:
        _raise_errors.reset(token)


class _LostWrites:
    def __init__(self):
        self.keys: dict[str, None] = {}
        self.untracked = 0
        self.lock = threading.Lock()

    def remember(self, keys: Iterable[str]) -> None:
        with self.lock:
            for key in keys:
                if len(self.keys) < MAX_LOST_KEYS:
                    self.keys[key] = None
                elif key not in self.keys:
                    self.untracked += 1

    def give_back(self, keys: list[str], untracked: int) -> None:
        self.remember(keys)
        with self.lock:
            self.untracked += untracked

    def take(self) -> tuple[list[str], int]:
        with self.lock:
            keys, untracked = list(self.keys), self.untracked
            self.keys, self.untracked = {}, 0
            return keys, untracked


_lost_writes: dict[str, _LostWrites] = {}
_lost_writes_lock = threading.Lock()


def _lost_writes_at(address: str) -> _LostWrites:
    with _lost_writes_lock:
        return _lost_writes.setdefault(address, _LostWrites())


class ForgivingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, answering as an empty cache while Redis is down."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._outage: Outage = outage_for(
            purpose="the cache", url=servers[0], consequence=CONSEQUENCE
        )
        self._lost = _lost_writes_at(self._outage.address)

    def add(self, key, value, timeout):
        return self._run(super().add, key, value, timeout, written=[key], answer=True)

    def get(self, key, default):
        return self._run(super().get, key, default, answer=default)

    def set(self, key, value, timeout):
        return self._run(super().set, key, value, timeout, written=[key])

    def touch(self, key, timeout):
        return self._run(super().touch, key, timeout, written=[key], answer=False)

    def delete(self, key):
        return self._run(super().delete, key, written=[key], answer=False)

    def get_many(self, keys):
        return self._run(super().get_many, keys, answer={})

    def has_key(self, key):
        return self._run(super().has_key, key, answer=False)

    def incr(self, key, delta):
        return self._run(super().incr, key, delta, written=[key], answer=_missing(key))

    def set_many(self, data, timeout):
        return self._run(super().set_many, data, timeout, written=list(data))

    def delete_many(self, keys):
        return self._run(super().delete_many, keys, written=list(keys))

    def clear(self):
        return self._run(super().clear, answer=False)

    def _run(self, operation: Callable, *args, written=(), answer=None):
        outage = self._outage
        try:
            if outage.should_wait():
                raise CacheUnavailable(outage.last_error)
            if outage.is_down:
                return self._first_call_after_outage(operation, *args)
            return operation(*args)
        except (RedisError, CacheUnavailable) as error:
            if isinstance(error, RedisError):
                outage.failed(error)
            if _raise_errors.get():
                raise CacheUnavailable(outage.last_error) from error
            self._lost.remember(written)
            if isinstance(answer, Exception):
                raise answer from None
            return answer

    def _first_call_after_outage(self, operation: Callable, *args):
        """Delete what was written while Redis was away, say it is back, carry on.

        Raises RedisError (and keeps the keys for later) if Redis is still away.
        """
        keys, untracked = self._lost.take()
        try:
            if keys:
                super().delete_many(keys)
            else:
                self.get_client(write=True).ping()
        except RedisError:
            self._lost.give_back(keys, untracked)
            raise
        note = f"Deleted {len(keys)} keys written while it was away."
        if untracked:
            note += (
                f" {untracked} more were not tracked: they may read stale until "
                "they expire."
            )
        if self._outage.answered(note):
            # Before the caller's own call, so what it reads is already renewed.
            cache_recovered.send(
                sender=ForgivingRedisCache, address=self._outage.address
            )
        return operation(*args)


def _missing(key: str) -> ValueError:
    return ValueError(f"Key '{key}' not found.")


class ForgivingRedisCache(RedisCache):
    """Django's RedisCache that keeps serving, as an empty cache, when Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ForgivingRedisCacheClient
