"""Pages in a private section stay out of what readers are shown, and finding
the private sections does not read every page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from masthead.publishing.restrictions import public_only
from masthead.publishing.sitemaps import sitemap_path_for

pytestmark = pytest.mark.django_db


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


def test_a_private_section_and_its_articles_leave_the_sitemap_and_the_menu(
    client, make_section, make_article
):
    members = make_section("Members")
    hidden = make_article("Only for members", in_section=members)
    shown = make_article("For everyone")
    restrict(members)

    def sitemap_of(page) -> str:
        return client.get(sitemap_path_for(page)).content.decode()

    assert shown.url in sitemap_of(shown)
    assert hidden.url not in sitemap_of(hidden)
    assert members.url not in sitemap_of(members)
    home = client.get("/").content.decode()
    assert "For everyone" in home
    assert "Only for members" not in home
    assert f'href="{members.url}"' not in home


def test_with_no_restriction_every_page_is_public(make_article):
    make_article("For everyone")
    assert public_only(Page.objects.all()).count() == Page.objects.count()


def test_a_restriction_hides_only_its_page_and_those_under_it(
    make_section, make_article
):
    members = make_section("Members")
    hidden = make_article("Only for members", in_section=members)
    shown = make_article("For everyone")
    restrict(hidden)
    public_ids = set(public_only(Page.objects.all()).values_list("pk", flat=True))
    assert {members.pk, shown.pk} <= public_ids
    assert hidden.pk not in public_ids


def test_finding_private_sections_reads_the_restrictions_not_every_page(
    make_article,
):
    if connection.vendor != "sqlite":
        pytest.skip("the plan checked is SQLite's")
    for number in range(30):
        make_article(f"Story {number}")
    with connection.cursor() as cursor:
        # As the daily refresh leaves it: statistics for the pages, none for
        # the empty restrictions table.
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as queries:
        public_only(Page.objects.all())
    for query in queries.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plan = " / ".join(row[-1] for row in cursor.fetchall())
        assert not re.search(r"SCAN wagtailcore_page\b", plan), plan
