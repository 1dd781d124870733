"""A full-page cache for anonymous readers, invalidated by key rather than by time.

Each cached page remembers which versions it was built from: "site" (renewed
whenever any page is published, unpublished or moved) and, for an article,
"page:<id>" (renewed whenever its discussion changes). A request compares
those versions with the current ones, so a newly approved comment or a
republished article shows on the very next request. The time limit only
keeps the comment form's stamp fresh.

The versions live in the shared cache (Redis or the database), so every app
server sees a change at once; the pages themselves are kept in each
process's memory, so serving one costs a single small cache read. When a
page goes stale, one process redraws it and shares the new copy, and the
others serve their previous copy for at most STALE_SECONDS meanwhile
(page_rebuilds.py). While Redis is down the shared cache answers as an
empty one (see operations/cache_safety.py): no version matches, so readers
get pages drawn afresh, never a copy that may miss a change.

Only readers with no session and no comment of their own waiting are served
from the cache; everyone else gets a fresh page. Cached pages carry no CSRF
token or personal detail: see the README's "Caching" section.
"""

import hashlib
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from masthead import compression, cookies, edge_cache, page_rebuilds
from masthead.local_pages import LocalPages
from masthead.operations.metrics import count_page_cache_lookup

UNCACHED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/discussion/",
    "/healthz",
    "/metrics",
)
# Under an uncached prefix, yet alike for every anonymous reader: a long
# thread's own page (discussion/long_threads.py).
SHARED_PAGES_UNDER_UNCACHED = re.compile(r"/discussion/comments/\d+/replies/\Z")
ENTRY_SECONDS = 60 * 60
# While another process redraws a stale page, a copy that was still current
# this recently is served instead: a change is missing from it for no longer.
STALE_SECONDS = 1.0
# How often a reader with no such copy looks for the redrawn one.
AWAIT_POLL_SECONDS = 0.05
SITE = "site"
# Headers the cache sets itself rather than replaying from the stored page.
_OWN_HEADERS = {
    "content-type",
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "cache-control",
}


def page_key(page_id: int) -> str:
    return f"page:{page_id}"


def bump(*names: str) -> None:
    """Invalidate every cached page built from these versions."""
    cache.set_many({_version_key(name): uuid.uuid4().hex for name in names}, None)


def current_versions(*names: str) -> dict[str, str]:
    """The current versions of `names`, for a cache of its own that must
    change exactly when these pages do (discussion/latest.py)."""
    return _current_versions(list(names))


def depend_on(request, *names: str) -> None:
    """Record that the page being built shows data from these versions.

    Call it before reading that data: the versions are noted now, so a change
    that lands while the page renders makes the stored copy stale at once.
    """
    noted = getattr(request, "page_cache_versions", {})
    noted.update(_current_versions([name for name in names if name not in noted]))
    request.page_cache_versions = noted


# Per thread: whether refreshes are held back (refreshes_held).
_held = threading.local()


def refresh_cached_article(article_id: int) -> None:
    """Drop the cached copies of one article's page, here and at any CDN."""
    if getattr(_held, "refreshes", False):
        return
    bump(page_key(article_id))
    edge_cache.purge_discussion(article_id)


def refresh_cached_site(**signal_details) -> None:
    """Drop every cached page: the set of published pages has changed."""
    if not getattr(_held, "refreshes", False):
        bump(SITE)


@contextmanager
def refreshes_held() -> Iterator[None]:
    """Skip the refreshes of the site and of articles in this thread meanwhile.

    The caller must call refresh_cached_site() afterwards (every cached page
    depends on it) and purge any CDN: an import publishes and comments on
    thousands of articles, and one refresh at its end does what one per
    article would, without a cache write for each.
    """
    _held.refreshes = True
    try:
        yield
    finally:
        _held.refreshes = False


def refresh_after_cache_outage(**signal_details) -> None:
    """Drop every cached page once the shared cache answers again.

    A change made while it was away could not renew its version, and Redis
    may come back with the old one: without this, a page stored before the
    outage would still match and hide that change.
    """
    local_pages.clear()
    bump(SITE)


local_pages = LocalPages(max_bytes=settings.PAGE_CACHE_MAX_MB * 1024 * 1024)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return _keep_private(self.get_response(request))
        entry_key = request.build_absolute_uri()
        kept = local_pages.get(entry_key)
        fresh, is_known = _fresh_entry(entry_key, kept)
        if fresh is not None:
            count_page_cache_lookup(result="hit")
            return _from_entry(request, fresh, result="hit")
        if not is_known:
            # Never cached anywhere (a first visit, a one-off search): no lock,
            # so a stream of such pages costs no cache writes.
            count_page_cache_lookup(result="miss")
            return self._draw(request, entry_key, is_shared=False)
        with page_rebuilds.redraw_lock(entry_key) as is_ours:
            if not is_ours and _was_current_lately(kept):
                count_page_cache_lookup(result="stale")
                return _from_entry(request, kept, result="stale")
            if not is_ours and (redrawn := _await_redraw(entry_key)):
                count_page_cache_lookup(result="hit")
                return _from_entry(request, redrawn, result="hit")
            count_page_cache_lookup(result="miss")
            return self._draw(request, entry_key, is_shared=is_ours)

    def _draw(self, request, entry_key: str, *, is_shared: bool):
        depend_on(request, SITE)
        response = self.get_response(request)
        if _is_cacheable_response(response):
            entry = _store(entry_key, request, response, is_shared=is_shared)
            if compression.accepts_gzip(request):
                compression.send_compressed(response, entry["content"])
                response["ETag"] = _etag_for(entry, is_gzip=True)
            compression.mark_encoding_varies(response)
        elif compression.is_safe_to_share_compressed(request, response):
            # Feeds and the sitemap: shared with everyone, but not kept here.
            if compression.accepts_gzip(request):
                compression.send_compressed(
                    response, compression.gzipped(response.content)
                )
            compression.mark_encoding_varies(response)
        return response


def _version_key(name: str) -> str:
    return f"page-cache-version:{name}"


def _current_versions(names: list[str]) -> dict[str, str]:
    """The versions of `names`, giving a version to any the cache has lost.

    A lost version gets a new one rather than counting as "none", so a page
    stored before the cache was emptied can never match again.
    """
    found = cache.get_many([_version_key(name) for name in names])
    versions = {}
    for name in names:
        version = found.get(_version_key(name))
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(_version_key(name), version, None):
                version = cache.get(_version_key(name), version)
        versions[name] = version
    return versions


def _is_cacheable_request(request) -> bool:
    if request.method != "GET" or not settings.PAGE_CACHE:
        return False
    if request.path.startswith(
        UNCACHED_PREFIXES
    ) and not SHARED_PAGES_UNDER_UNCACHED.match(request.path):
        return False
    if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return False
    return not any(name in request.COOKIES for name in cookies.PERSONAL)


def _is_cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "text/html" in response.get("Content-Type", "")
        and not response.has_header("Cache-Control")
    )


def _store(entry_key: str, request, response, *, is_shared: bool) -> dict:
    content = response.content
    entry = {
        # Gzipped once here, so each reader costs no compression (compression.py).
        "content": compression.gzipped(content),
        "encoding": "gzip",
        "content_type": response["Content-Type"],
        "headers": {
            name: value
            for name, value in response.items()
            if name.lower() not in _OWN_HEADERS
        },
        "etag": quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest()),
        "modified": http_date(),
        # Wall-clock time: a shared copy moves between processes.
        "stored_at": time.time(),
        "checked_at": time.monotonic(),
        "versions": dict(request.page_cache_versions),
    }
    local_pages.put(entry_key, entry)
    if is_shared:
        page_rebuilds.share_copy(entry_key, entry)
    _add_validators(response, entry)
    return entry


def _fresh_entry(entry_key: str, kept: dict | None) -> tuple[dict | None, bool]:
    """A current copy of the page, from this process or shared by another.

    Also says whether the page is known: kept here, or shared lately.
    One cache read when this process's copy is current.
    """
    shared_key = page_rebuilds.shared_versions_key(entry_key)
    names = list(kept["versions"]) if kept else []
    found = cache.get_many([_version_key(name) for name in names] + [shared_key])
    if kept is not None and _is_current(kept["versions"], found):
        if _is_young(kept):
            kept["checked_at"] = time.monotonic()
            return kept, True
    shared_versions = found.get(shared_key)
    if shared_versions is None:
        return None, kept is not None
    unread = [_version_key(name) for name in shared_versions if name not in names]
    if unread:
        found.update(cache.get_many(unread))
    if not _is_current(shared_versions, found):
        return None, True
    entry = page_rebuilds.shared_copy(entry_key, versions=shared_versions)
    if entry is None or not _is_young(entry):
        return None, True
    entry["checked_at"] = time.monotonic()
    local_pages.put(entry_key, entry)
    return entry, True


def _await_redraw(entry_key: str) -> dict | None:
    """The copy another process is drawing, once it is shared; None if that
    process gives up or takes longer than its lock lasts.

    Waiting costs a thread but no CPU: when drawing takes this long, the
    machine is busy, and one more reader drawing would slow every draw.
    """
    deadline = time.monotonic() + page_rebuilds.LOCK_SECONDS
    while time.monotonic() < deadline:
        _pause()
        fresh, _ = _fresh_entry(entry_key, None)
        if fresh is not None or not page_rebuilds.is_being_redrawn(entry_key):
            return fresh
    return None


def _pause() -> None:
    time.sleep(AWAIT_POLL_SECONDS)


def _is_current(versions: dict[str, str], found: dict) -> bool:
    return all(found.get(_version_key(name)) == versions[name] for name in versions)


def _is_young(entry: dict) -> bool:
    # The comment form's stamp in the page must not grow too old.
    return time.time() - entry["stored_at"] <= ENTRY_SECONDS


def _was_current_lately(entry: dict | None) -> bool:
    """This copy matched the versions less than STALE_SECONDS ago."""
    return (
        entry is not None
        and _is_young(entry)
        and time.monotonic() - entry["checked_at"] < STALE_SECONDS
    )


def _from_entry(request, entry, *, result: str):
    is_gzip = entry.get("encoding") == "gzip"
    sends_gzip = is_gzip and compression.accepts_gzip(request)
    etag = _etag_for(entry, is_gzip=sends_gzip)
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        content = entry["content"]
        if is_gzip and not sends_gzip:
            content = compression.unzipped(content)
        response = HttpResponse(content, content_type=entry["content_type"])
        if sends_gzip:
            compression.send_compressed(response, content)
    for name, value in entry["headers"].items():
        response[name] = value
    _add_validators(response, entry)
    response["ETag"] = etag
    compression.mark_encoding_varies(response)
    response["X-Page-Cache"] = result
    return response


def _etag_for(entry, *, is_gzip: bool) -> str:
    # The gzipped bytes are another representation, so they need their own tag.
    return entry["etag"][:-1] + '-gzip"' if is_gzip else entry["etag"]


def _add_validators(response, entry) -> None:
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = entry["modified"]
    # Browsers ask again each time (the answer is usually 304); a CDN whose
    # purges Masthead sends may keep the page (edge_cache.py).
    patch_cache_control(response, **edge_cache.shared_cache_control())
    # The same address answers a signed-in reader with a page of their own.
    patch_vary_headers(response, ["Cookie"])


def _keep_private(response):
    """Mark a page drawn for one reader so that no shared cache keeps it."""
    if "text/html" in response.get("Content-Type", "") and not response.has_header(
        "Cache-Control"
    ):
        patch_cache_control(response, private=True, no_cache=True)
    return response
