"""Import a whole WXR file once, then walk the site it made as a reader would.

Shared by the whole-corpus tests and the every-construct tests: the old items
are read straight from the XML (not through the importer's own reader), so a
post the importer skipped by mistake still has its addresses checked.
"""

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from lxml import etree
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect

from masthead.importers.articles import article_source
from masthead.publishing.models import ArticlePage, HomePage, SectionPage
from tests.conftest import _rebuild_site, set_moderation_rules

ARTICLE_TYPES = ("post", "page")
SITE_FEEDS = ("/feed/", "/feed/atom/", "/sitemap.xml", "/")


@dataclass(frozen=True)
class OldItem:
    """An <item> of the export, as WordPress knew it."""

    post_id: str
    # 2 for the second item of the file with this id (a damaged export).
    occurrence: int
    post_type: str
    status: str
    link: str
    parent_id: str
    title: str


def old_items(path: Path) -> list[OldItem]:
    """Every <item> of a WXR file, whatever its namespace version."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    items, seen = [], Counter()
    for item in etree.parse(str(path), parser).iter("item"):
        fields = {
            etree.QName(child).localname: (child.text or "").strip()
            for child in item
            if isinstance(child.tag, str)
        }
        # A reduced export may give an item only its "?p=ID" link.
        post_id = fields.get("post_id") or _id_in_link(fields.get("link", ""))
        post_type = fields.get("post_type") or "post"
        kind = "article" if post_type in ARTICLE_TYPES else post_type
        seen[kind, post_id] += 1
        items.append(
            OldItem(
                post_id=post_id,
                occurrence=seen[kind, post_id],
                post_type=post_type,
                status=fields.get("status") or "publish",
                link=fields.get("link", ""),
                parent_id=fields.get("post_parent", "0") or "0",
                title=fields.get("title", ""),
            )
        )
    return items


@dataclass(frozen=True)
class Imported:
    report: dict  # the JSON migration report
    summary: str  # the terminal summary, its whitespace collapsed


@contextmanager
def imported_once(
    path: Path, *, work_dir: Path, django_db_blocker, media_dir: Path | None = None
) -> Iterator["Imported"]:
    """Import `path` with `--report` JSON and yield what it said; undo it all after.

    For a class- or module-scoped fixture: the import runs in a transaction
    that is rolled back when the fixture ends, and each test's own
    transaction nests inside it, so the file is imported once for all tests.
    """
    isolated = override_settings(
        MEDIA_ROOT=work_dir / "media",
        DATA_DIR=work_dir / "data",
        CACHES={
            name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
            for name in ("default", "renditions")
        },
        PAGE_CACHE=False,
        TASKS={
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        },
    )
    with django_db_blocker.unblock(), isolated, transaction.atomic():
        try:
            HomePage.objects.first() or _rebuild_site()
            set_moderation_rules(mode="publish")
            report_path, summary = work_dir / "report.json", StringIO()
            call_command(
                "import_wordpress",
                str(path),
                report=report_path,
                media_dir=media_dir,
                stdout=summary,
            )
            yield Imported(
                report=json.loads(report_path.read_text(encoding="utf-8")),
                summary=" ".join(summary.getvalue().split()),
            )
        finally:
            transaction.set_rollback(True)


def article_for(item: OldItem) -> ArticlePage | None:
    source = article_source(item.post_id, occurrence=item.occurrence)
    return ArticlePage.objects.filter(source=source).first()


def old_addresses(items: list[OldItem]) -> list[tuple[str, ArticlePage]]:
    """(old address, the published article it must lead to) for every old link:
    the pretty permalink, `?p=`, `?page_id=` and `?attachment_id=`."""
    by_id = {
        item.post_id: item
        for item in items
        if item.post_type in ARTICLE_TYPES and item.occurrence == 1
    }
    found = []
    # Only the first item with an id owns its links by id.
    for item in (each for each in items if each.occurrence == 1):
        if item.post_type == "attachment" and item.parent_id in by_id:
            article = article_for(by_id[item.parent_id])
            if article and article.live:
                found.append((f"/?attachment_id={item.post_id}", article))
        if item.post_type not in ARTICLE_TYPES:
            continue
        article = article_for(item)
        if article is None or not article.live:
            continue
        parameter = "page_id" if item.post_type == "page" else "p"
        found.append((f"/?{parameter}={item.post_id}", article))
    for item in items:
        article = article_for(item) if item.post_type in ARTICLE_TYPES else None
        if article is None or not article.live:
            continue
        permalink = urlsplit(item.link)
        old_path = permalink.path + (f"?{permalink.query}" if permalink.query else "")
        if Redirect.normalise_path(old_path) not in ("", "/"):
            found.append((old_path, article))
    # An address claimed twice (a repeated id's "?p=ID" permalink) is the first's.
    claimed = {}
    for old_path, article in found:
        claimed.setdefault(Redirect.normalise_path(old_path), (old_path, article))
    return list(claimed.values())


def _id_in_link(link: str) -> str:
    ids = parse_qs(urlsplit(link).query).get("p", [""])
    return ids[0] if ids[0].isdigit() else ""


def same_page(location: str, article: ArticlePage) -> bool:
    return unquote(urlsplit(location).path) == unquote(article.url)


def listing_addresses() -> list[str]:
    """Every section page and its feeds, every tag page, the site's feeds."""
    addresses = list(SITE_FEEDS)
    for section in SectionPage.objects.live():
        addresses += [section.url, section.url + "feed/", section.url + "feed/atom/"]
    for tag in Tag.objects.filter(
        publishing_articlepagetag_items__isnull=False
    ).distinct():
        addresses.append(reverse("publishing:tag", args=[tag.slug]))
    return list(dict.fromkeys(addresses))


def answer_of(client, address: str):
    """The response to `address`, not followed; 5xx fails with the address."""
    response = client.get(address)
    assert response.status_code < 500, (address, response.status_code)
    return response
