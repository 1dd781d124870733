"""An article's address is found in one lookup, and means what it always did."""

from wagtail.models import Page
from wagtail.rich_text import RichText


def test_article_is_served_at_its_address_in_one_page_lookup(client, make_article):
    article = make_article("Harbour plan passes")
    client.get(article.url)  # fills the caches a first visit fills

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)

    assert response.status_code == 200
    assert b"Harbour plan passes" in response.content
    page_reads = [
        query["sql"]
        for query in queries.captured_queries
        if '"wagtailcore_page"."slug" =' in query["sql"]
    ]
    assert len(page_reads) == 1  # not one per level of the tree


def test_same_slug_in_two_sections_reaches_each_article(
    client, make_section, make_article
):
    sport = make_section("Sport")
    world_story = make_article(
        "Results", body=[("paragraph", RichText("<p>World results</p>"))]
    )
    sport_story = make_article(
        "Results",
        in_section=sport,
        body=[("paragraph", RichText("<p>Sport results</p>"))],
    )
    assert world_story.slug == sport_story.slug

    assert b"World results" in client.get(world_story.url).content
    assert b"Sport results" in client.get(sport_story.url).content


def test_a_sections_feed_wins_over_an_article_called_feed(
    client, section, make_article
):
    make_article("Feed")  # slug "feed", as a careless title makes it
    response = client.get(f"{section.url}feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")


def test_draft_and_missing_articles_are_not_found(client, section, make_article):
    draft = make_article("Not yet", publish=False)
    draft_address = f"{section.url}{draft.slug}/"

    assert client.get(draft_address).status_code == 404
    assert client.get(f"{section.url}no-such-story/").status_code == 404
    assert client.get(f"/no-such-section/{draft.slug}/").status_code == 404


def test_moved_article_answers_at_its_new_address_only(
    client, make_section, make_article
):
    article = make_article("Moving story")
    old_address = article.url
    sport = make_section("Sport")
    article.move(sport, pos="last-child")
    article = Page.objects.get(pk=article.pk).specific

    assert client.get(article.url).status_code == 200
    assert article.url != old_address
