"""One redraw per change: a page gone stale is drawn by one process, not by all.

Each app process keeps its own copies of pages (page_cache.py), so when a
discussion changes, every process's copy of the article goes stale at the
same moment. If each of them redrew it, a hot article under a live
discussion would be drawn by every worker thread after each approval, and
readers would queue behind those renders: one approval a second halved the
cached throughput and took p99 from 61 to 776 ms.

So the first reader to find a known page stale takes a short lock in the
shared cache and draws it; meanwhile readers elsewhere are served the copy
their process already has (page_cache decides for how long). The new copy
is put in the shared cache too, and the other processes take it from there
instead of drawing their own.

The lock lapses after LOCK_SECONDS, so a process that dies while drawing
holds nobody up for long. While Redis is down the shared cache answers as an
empty one whose `add` succeeds (operations/cache_safety.py): every reader
then draws the page, as before this module.
"""

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache

# A few renders' worth on a busy machine. Redis counts whole seconds.
LOCK_SECONDS = 2
# Long enough for every process to take the new copy; a process that comes
# later draws its own. Short, so the shared cache holds few copies.
SHARED_SECONDS = 5 * 60


def _digest(entry_key: str) -> str:
    return hashlib.md5(entry_key.encode(), usedforsecurity=False).hexdigest()


def shared_versions_key(entry_key: str) -> str:
    """The key of the versions that the shared copy of this page was drawn from.

    Small, so a process can read it beside the current versions in one call.
    """
    return f"page-cache-shared-versions:{_digest(entry_key)}"


def _copy_key(entry_key: str) -> str:
    return f"page-cache-shared:{_digest(entry_key)}"


def _lock_key(entry_key: str) -> str:
    return f"page-cache-redrawing:{_digest(entry_key)}"


def share_copy(entry_key: str, entry: dict) -> None:
    """Put a freshly drawn page where the other processes look for it."""
    shared = {name: value for name, value in entry.items() if name != "checked_at"}
    cache.set_many(
        {
            _copy_key(entry_key): shared,
            shared_versions_key(entry_key): entry["versions"],
        },
        SHARED_SECONDS,
    )


def shared_copy(entry_key: str, *, versions: dict[str, str]) -> dict | None:
    """The shared copy of this page if it was drawn from exactly `versions`.

    The two keys are written one after the other on some caches, so the copy's
    own versions are checked too: a copy drawn from others counts as none.
    """
    entry = cache.get(_copy_key(entry_key))
    if entry is None or entry["versions"] != versions:
        return None
    return entry


def is_being_redrawn(entry_key: str) -> bool:
    """Whether some process holds the lock to redraw this page."""
    return cache.get(_lock_key(entry_key)) is not None


@contextmanager
def redraw_lock(entry_key: str) -> Iterator[bool]:
    """Try to become the one process that redraws this page; yields whether it did.

    The lock is released when the block ends, unless it lapsed meanwhile and
    another process took it.
    """
    token = uuid.uuid4().hex
    is_ours = cache.add(_lock_key(entry_key), token, LOCK_SECONDS)
    try:
        yield is_ours
    finally:
        if is_ours and cache.get(_lock_key(entry_key)) == token:
            cache.delete(_lock_key(entry_key))
