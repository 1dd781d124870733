"""A full-page cache for anonymous readers, invalidated by key rather than by time.

Each cached page remembers which versions it was built from: "site" (bumped
whenever any page is published, unpublished or moved) and, for an article,
"page:<id>" (bumped whenever its discussion changes). A request compares
those versions with the current ones, so a newly approved comment or a
republished article shows on the very next request. The time limit only
keeps memory tidy and the comment form's stamp fresh.

Only readers with no session and no comment of their own waiting are served
from the cache; everyone else gets a fresh page. Cached pages carry no CSRF
token or personal detail: see the README's "Caching" section.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, quote_etag

# "masthead_guest" holds a guest's remembered name and e-mail for the form.
PERSONAL_COOKIES = (
    settings.SESSION_COOKIE_NAME,
    "masthead_comments",
    "masthead_guest",
    "messages",
)
UNCACHED_PREFIXES = ("/admin/", "/django-admin/", "/discussion/", "/healthz")
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
    for name in names:
        try:
            cache.incr(_version_key(name))
        except ValueError:
            cache.set(_version_key(name), 1, None)


def depend_on(request, *names: str) -> None:
    """Record that the page being built shows data from these versions.

    Call it before reading that data: the versions are noted now, so a change
    that lands while the page renders makes the stored copy stale at once.
    """
    versions = cache.get_many([_version_key(name) for name in names])
    noted = getattr(request, "page_cache_versions", {})
    for name in names:
        noted.setdefault(name, versions.get(_version_key(name), 0))
    request.page_cache_versions = noted


def refresh_cached_article(article_id: int) -> None:
    """Drop the cached copies of one article's page, here and at any CDN."""
    bump(page_key(article_id))
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import purge_page_from_cache
        from wagtail.models import Page

        page = Page.objects.filter(pk=article_id).first()
        if page is not None:
            purge_page_from_cache(page)


def refresh_cached_site(**signal_details) -> None:
    """Drop every cached page: the set of published pages has changed."""
    bump(SITE)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        entry_key = (
            "page-cache:"
            + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        )
        cached = _fresh_entry(entry_key)
        if cached is not None:
            return _from_entry(request, cached)
        depend_on(request, SITE)
        response = self.get_response(request)
        if _is_cacheable_response(response):
            _store(entry_key, request, response)
        return response


def _version_key(name: str) -> str:
    return f"page-cache-version:{name}"


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
        "versions": dict(request.page_cache_versions),
    }
    cache.set(entry_key, entry, ENTRY_SECONDS)
    _add_validators(response, entry)


def _fresh_entry(entry_key: str):
    entry = cache.get(entry_key)
    if entry is None:
        return None
    names = list(entry["versions"])
    current = cache.get_many([_version_key(name) for name in names])
    for name in names:
        if current.get(_version_key(name), 0) != entry["versions"][name]:
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
    # Browsers and proxies must ask again each time; the answer is usually 304.
    patch_cache_control(response, no_cache=True, public=True)
