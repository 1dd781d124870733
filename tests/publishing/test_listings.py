from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

pytestmark = pytest.mark.django_db


def test_home_lists_latest_articles_newest_first(client, make_article):
    make_article("Older story", days_ago=5)
    make_article("Newer story", days_ago=1)
    html = client.get("/").content.decode()
    assert html.index("Newer story") < html.index("Older story")


def test_section_lists_its_own_articles_and_those_filed_in_it(
    client, make_section, make_article
):
    science = make_section("Science")
    latest = make_section("Latest")
    make_article("Comet seen at dusk", in_section=science, also_filed_in=[latest])
    make_article("Library reopens")

    latest_page = client.get(latest.url).content.decode()
    science_page = client.get(science.url).content.decode()
    assert "Comet seen at dusk" in latest_page
    assert "Library reopens" not in latest_page
    assert "Comet seen at dusk" in science_page


def test_section_pages_are_paginated(client, settings, section, make_article):
    settings.ARTICLES_PER_PAGE = 2
    for number in range(5):
        make_article(f"Story number {number}", days_ago=number)

    first = client.get(section.url).content.decode()
    third = client.get(section.url + "?page=3").content.decode()
    assert "Story number 0" in first and "Story number 2" not in first
    assert "Page 1 of 3" in first and 'rel="next"' in first
    assert "Story number 4" in third
    # A page number past the end shows the last page rather than failing.
    assert client.get(section.url + "?page=99").status_code == 200


def test_listings_cost_the_same_queries_for_few_or_many_articles(
    client, section, make_article, make_image, django_assert_num_queries
):
    for number in range(3):
        make_article(f"Early story {number}", lead_image=make_image(f"early {number}"))
    client.get(section.url)  # the first visit makes the card-sized images
    # Routing (site, 4 page lookups), view restrictions (4), the count and the
    # page of articles, their other sections and card images, the site
    # settings, the sections read once for the trails and the header: 14.
    with django_assert_num_queries(14):
        client.get(section.url)
    for number in range(9):
        make_article(f"Later story {number}", lead_image=make_image(f"late {number}"))
    client.get(section.url)
    with django_assert_num_queries(14):
        client.get(section.url)


def test_scheduled_article_appears_only_after_its_time(client, section, make_article):
    article = make_article("Tomorrow's story", publish=False)
    article.go_live_at = timezone.now() + timedelta(hours=1)
    article.save_revision().publish()  # with a future go_live_at, this schedules it

    call_command("publish_scheduled")
    assert "Tomorrow&#x27;s story" not in client.get("/").content.decode()
    assert client.get(article.url).status_code == 404

    with freeze_time(timezone.now() + timedelta(hours=2)):
        call_command("publish_scheduled")
        assert "Tomorrow&#x27;s story" in client.get("/").content.decode()
        assert client.get(article.url).status_code == 200


def test_search_finds_an_article_by_a_word_in_its_body(client, make_article):
    from wagtail.rich_text import RichText

    make_article(
        "Harbour news",
        body=[("paragraph", RichText("<p>The lighthouse keeper retired.</p>"))],
    )
    make_article("Unrelated story")
    html = client.get("/search/?q=lighthouse").content.decode()
    assert "Harbour news" in html
    assert "Unrelated story" not in html


def test_search_does_not_find_drafts(client, make_article):
    make_article("Secret lighthouse plan", publish=False)
    html = client.get("/search/?q=lighthouse").content.decode()
    assert "Secret lighthouse plan" not in html


def test_search_finds_a_word_typed_with_quotes_or_control_characters(
    client, make_article
):
    from wagtail.rich_text import RichText

    make_article(
        "Harbour news",
        body=[("paragraph", RichText("<p>The lighthouse keeper retired.</p>"))],
    )
    for query in ['"lighthouse', '"lighthouse keeper"', "lighthouse\x00", "\x1bkeeper"]:
        html = client.get("/search/", {"q": query}).content.decode()
        assert "Harbour news" in html, query


@pytest.mark.parametrize(
    "query",
    [
        *("", "   ", "a" * 500, "<script>", "AND OR NOT", '"'),
        # SQLite's full-text index took these for broken syntax; PostgreSQL
        # refuses NUL in a query: each was a server error.
        *('"hello', 'say "hi" twice', "\x00", "harbour\x00news", "\x1b[31m"),
    ],
)
def test_search_never_fails_on_odd_input(client, article, query):
    assert client.get("/search/", {"q": query}).status_code == 200
