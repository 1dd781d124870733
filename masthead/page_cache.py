"""A full-page cache for anonymous readers, invalidated by key rather than by time.

Each cached page remembers which versions it was built from: "site" (renewed
whenever any page is published, unpublished or moved) and, for an article,
"page:<id>" (renewed whenever its discussion changes). A request compares
those versions with the current ones, so a newly approved comment or a
republished article shows on the very next request. The time limit only
keeps the comment form's stamp fresh.

The versions live in the shared cache (Redis or the database), so every app
server sees a change at once; the pages themselves are kept in each
process's memory, so serving one costs a single small cache read. While
Redis is down the shared cache answers as an empty one (see
operations/cache_safety.py): no version matches, so readers get pages drawn
afresh, never a copy that may miss a change.

Only readers with no session and no comment of their own waiting are served
from the cache; everyone else gets a fresh page. Cached pages carry no CSRF
token or personal detail: see the README's "Caching" section.
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from masthead import edge_cache
from masthead.operations.metrics import count_page_cache_lookup

# "masthead_guest" holds a guest's remembered name and e-mail for the form.
# "masthead_proof" (accounts.address_proof) is left out on purpose: it changes
# how a guest's post is screened, never what a page shows.
PERSONAL_COOKIES = (
    settings.SESSION_COOKIE_NAME,
    "masthead_comments",
    "masthead_guest",
    "messages",
)
UNCACHED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/discussion/",
    "/healthz",
    "/metrics",
)
ENTRY_SECONDS = 60 * 60
SITE = "site"
# Headers the cache sets itself rather than replaying from the stored page.
_OWN_HEADERS = {
    "content-type",
    "content-length",
    "etag",
    "last-modified",
    "cache-control",
}


def page_key(page_id: int) -> str:
    return f"page:{page_id}"


def bump(*names: str) -> None:
    """Invalidate every cached page built from these versions."""
    cache.set_many({_version_key(name): uuid.uuid4().hex for name in names}, None)


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


class LocalPages:
    """Pages kept in this process's memory, least recently used dropped first."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, dict] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        with self._lock:
            self._drop(key)
            self._entries[key] = entry
            self._size += len(entry["content"])
            while self._size > self.max_bytes and self._entries:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._size -= len(entry["content"])


local_pages = LocalPages(max_bytes=settings.PAGE_CACHE_MAX_MB * 1024 * 1024)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return _keep_private(self.get_response(request))
        entry_key = request.build_absolute_uri()
        cached = _fresh_entry(entry_key)
        count_page_cache_lookup(is_hit=cached is not None)
        if cached is not None:
            return _from_entry(request, cached)
        depend_on(request, SITE)
        response = self.get_response(request)
        if _is_cacheable_response(response):
            _store(entry_key, request, response)
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
    if request.path.startswith(UNCACHED_PREFIXES) or request.path.startswith(
        (settings.STATIC_URL, settings.MEDIA_URL)
    ):
        return False
    return not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def _is_cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "text/html" in response.get("Content-Type", "")
        and not response.has_header("Cache-Control")
    )


def _store(entry_key: str, request, response) -> None:
    content = response.content
    entry = {
        "content": content,
        "content_type": response["Content-Type"],
        "headers": {
            name: value
            for name, value in response.items()
            if name.lower() not in _OWN_HEADERS
        },
        "etag": quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest()),
        "modified": http_date(),
        "stored_at": time.monotonic(),
        "versions": dict(request.page_cache_versions),
    }
    local_pages.put(entry_key, entry)
    _add_validators(response, entry)


def _fresh_entry(entry_key: str):
    entry = local_pages.get(entry_key)
    if entry is None or time.monotonic() - entry["stored_at"] > ENTRY_SECONDS:
        return None
    names = list(entry["versions"])
    current = cache.get_many([_version_key(name) for name in names])
    for name in names:
        if current.get(_version_key(name)) != entry["versions"][name]:
            return None
    return entry


def _from_entry(request, entry):
    if request.headers.get("If-None-Match") == entry["etag"]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
    for name, value in entry["headers"].items():
        response[name] = value
    _add_validators(response, entry)
    response["X-Page-Cache"] = "hit"
    return response


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
