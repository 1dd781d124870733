"""Keeping a CDN or caching proxy in front of Masthead exact.

Anonymous readers' pages may be kept by a shared cache for
`FRONTEND_CACHE_SECONDS` (sent as `s-maxage`; browsers still ask each time).
That is only safe because every change purges each address it shows on: a
discussion's change purges the article, each of its comment pages and its
comment feed; a publication purges the page and every listing, feed and
sitemap it appears in. Purges name the public address from `BASE_URL`, so
the cache recognises them whatever host the app server thinks it is, and
they are sent by a background task (Wagtail's) once the change is
committed: never while an editor or a moderator waits, and never before the
fresh page can be drawn.

The purge itself goes through Wagtail's frontend-cache backends (an HTTP
PURGE for nginx or Varnish, Cloudflare, CloudFront), chosen from the
environment in settings.py.
"""

import logging
import math

from django.conf import settings
from django.db import transaction
from django.urls import reverse

logger = logging.getLogger(__name__)

# Listing pages purged after each publication: the newest are where a new
# article shows; deeper pages shift by one and catch up within the cache's
# time limit, instead of one publication regenerating an archive's worth.
LISTING_PAGES_PURGED = 10
# Comment pages of one discussion purged after each change; as many as a busy
# discussion has, within reason.
COMMENT_PAGES_PURGED = 50


def is_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def shared_cache_control() -> dict:
    """Cache-Control settings for a page every anonymous reader sees alike."""
    seconds = settings.FRONTEND_CACHE_SECONDS if is_configured() else 0
    if seconds <= 0:
        # No purging in front: browsers and proxies must ask again each time.
        return {"public": True, "no_cache": True}
    return {"public": True, "max_age": 0, "s_maxage": seconds}


def purge_discussion(article_id: int) -> None:
    """Purge, once committed, every address showing the article's discussion."""
    if is_configured():
        transaction.on_commit(lambda: _enqueue(discussion_paths(article_id)))


def purge_publication(instance, **signal_details) -> None:
    """Purge, once committed, every address a page's (un)publication changes.

    Connected to Wagtail's publishing signals and to page deletion.
    """
    if not is_configured():
        return
    try:
        paths = publication_paths(instance)
    except Exception:
        # A cache that misses a purge catches up within its time limit; an
        # editor whose publication failed because of it would lose work.
        logger.exception(
            "Could not list the addresses to purge for page %s", instance.pk
        )
        return
    transaction.on_commit(lambda: _enqueue(paths))


def discussion_paths(article_id: int) -> list[str]:
    from masthead.discussion.models import Discussion
    from masthead.discussion.paging import page_count_of
    from masthead.publishing.models import ArticlePage

    article = ArticlePage.objects.filter(pk=article_id).first()
    path = _page_path(article) if article else None
    if path is None:
        return []
    discussion = Discussion.objects.filter(article_id=article_id).first()
    pages = min(COMMENT_PAGES_PURGED, page_count_of(discussion) if discussion else 1)
    return [
        path,
        *(f"{path}?cpage={number}" for number in range(1, pages + 1)),
        *(f"{path}{query}" for query in _reading_order_queries(pages)),
        reverse("discussion:feed", args=[article_id]),
    ]


def _reading_order_queries(pages: int) -> list[str]:
    """Each page of each reading order other than the site's own, as spelled
    under either default (the setting may change while pages are cached)."""
    from masthead.discussion.reading_orders import NEWEST, OLDEST, ORDERS, thread_query

    queries = {
        thread_query(order=order, page_number=number, default=default)
        for order in ORDERS
        for default in (OLDEST, NEWEST)
        if order != default
        for number in range(1, pages + 1)
    }
    return sorted(queries)


def publication_paths(page) -> list[str]:
    """The page's own addresses and those of every listing that may show it."""
    from masthead.publishing.listings import (
        articles_in_section,
        articles_tagged,
        latest_articles,
    )
    from masthead.publishing.models import ArticlePage, HomePage, SectionPage
    from masthead.publishing.sitemaps import sitemap_path_for

    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    paths = [path for path in [_page_path(page)] if path]
    if isinstance(page, ArticlePage):
        paths += discussion_paths(page.pk)[1:]
        home = HomePage.objects.ancestor_of(page).first()
        sections = list(SectionPage.objects.ancestor_of(page)) + list(
            page.also_filed_in.all()
        )
        tags = page.tags.all()
        if home:
            paths += _listing_paths(_page_path(home), latest_articles())
        for section in sections:
            section_path = _page_path(section)
            paths += _listing_paths(section_path, articles_in_section(section))
            if section_path:
                paths += [f"{section_path}feed/", f"{section_path}feed/atom/"]
        for tag in tags:
            tag_path = reverse("publishing:tag", args=[tag.slug])
            paths += _listing_paths(tag_path, articles_tagged(tag))
    paths += [
        reverse("publishing:rss"),
        reverse("publishing:atom"),
        reverse("sitemap"),
    ]
    if page.pk:
        paths.append(sitemap_path_for(page))
    return list(dict.fromkeys(paths))


def public_url(path: str) -> str:
    return settings.BASE_URL + path


def _enqueue(paths: list[str]) -> None:
    """Hand the addresses to Wagtail's purge, which runs as a background task."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache([public_url(path) for path in paths])


def _listing_paths(path: str | None, articles) -> list[str]:
    if path is None:
        return []
    pages = min(
        LISTING_PAGES_PURGED,
        max(1, math.ceil(articles.count() / settings.ARTICLES_PER_PAGE)),
    )
    return [path, *(f"{path}?page={number}" for number in range(1, pages + 1))]


def _page_path(page) -> str | None:
    """The page's path on the public site, or None if it has no address."""
    parts = page.get_url_parts()
    return parts[2] if parts else None
