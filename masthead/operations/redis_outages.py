"""What this process knows about a Redis server being down, and what it has said so.

The cache (cache_safety.py) and the task queue (task_fallback.py) both carry
on without Redis. Each keeps an `Outage` per Redis address that works as a
circuit breaker: after a failure, Redis is left alone for `RETRY_AFTER_SECONDS`,
so a Redis that does not answer at all (a dead host, a firewall dropping
packets) costs one connection timeout per pause, not one per cache call.

The log says so once when an outage starts, once a minute while it lasts,
and once when Redis answers again: never a line per request.
"""

import logging
import threading
import time
from urllib.parse import urlsplit, urlunsplit

logger = logging.getLogger("masthead.redis")

RETRY_AFTER_SECONDS = 5.0
REMIND_EVERY_SECONDS = 60.0


class Outage:
    """The state of one Redis address, as seen by one purpose in this process."""

    def __init__(self, *, purpose: str, address: str, consequence: str):
        self.purpose = purpose
        self.address = address
        self.consequence = consequence
        self.down_since: float | None = None
        self.last_error = ""
        self._next_attempt = 0.0
        self._next_reminder = 0.0
        self._skipped = 0
        self._lock = threading.Lock()

    @property
    def is_down(self) -> bool:
        return self.down_since is not None

    def should_wait(self) -> bool:
        """True while Redis failed lately: answer without it, and count the skip."""
        if self.down_since is None:
            return False
        with self._lock:
            now = time.monotonic()
            if self.down_since is None or now >= self._next_attempt:
                # Let this caller try; others keep waiting until it reports.
                self._next_attempt = now + RETRY_AFTER_SECONDS
                return False
            self._skipped += 1
            self._remind(now)
            return True

    def failed(self, error: Exception) -> None:
        """Record a failure: warn as an outage starts, then once a minute."""
        with self._lock:
            now = time.monotonic()
            self.last_error = f"{type(error).__name__}: {error}"[:300]
            self._next_attempt = now + RETRY_AFTER_SECONDS
            if self.down_since is None:
                self.down_since = now
                self._next_reminder = now + REMIND_EVERY_SECONDS
                self._skipped = 0
                logger.warning(
                    "%s at %s is unreachable (%s). %s",
                    self.purpose.capitalize(),
                    self.address,
                    self.last_error,
                    self.consequence,
                )
            else:
                self._remind(now)

    def answered(self, note: str = "") -> bool:
        """Record a success; True (and one log line) if it ends an outage."""
        if self.down_since is None:
            return False
        with self._lock:
            if self.down_since is None:
                return False
            seconds = time.monotonic() - self.down_since
            self.down_since = None
            logger.warning(
                "%s at %s answers again after %.0f s.%s",
                self.purpose.capitalize(),
                self.address,
                seconds,
                f" {note}" if note else "",
            )
            return True

    def _remind(self, now: float) -> None:
        if now < self._next_reminder:
            return
        self._next_reminder = now + REMIND_EVERY_SECONDS
        logger.warning(
            "%s at %s is still unreachable after %.0f s (%s); %d calls went "
            "without it since the last message.",
            self.purpose.capitalize(),
            self.address,
            now - self.down_since,
            self.last_error,
            self._skipped,
        )
        self._skipped = 0


_outages: dict[tuple[str, str], Outage] = {}
_outages_lock = threading.Lock()


def outage_for(*, purpose: str, url: str, consequence: str) -> Outage:
    """The one `Outage` of this process for `purpose` at `url` (threads share it)."""
    address = without_secrets(url)
    with _outages_lock:
        outage = _outages.get((purpose, address))
        if outage is None:
            outage = Outage(purpose=purpose, address=address, consequence=consequence)
            _outages[(purpose, address)] = outage
        return outage


def forget_outages() -> None:
    """Start afresh, as a new process would (for tests)."""
    with _outages_lock:
        _outages.clear()


def without_secrets(url: str) -> str:
    """The URL with no password and no query string, fit for a log line."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
