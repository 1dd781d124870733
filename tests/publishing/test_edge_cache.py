"""A CDN in front keeps anonymous pages, and hears of every address a change touches."""

import pytest
from django.test import Client

from masthead.moderation import decisions
from tests.conftest import CDN_HOST as PUBLIC

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def purged(purged, settings):
    settings.FRONTEND_CACHE_SECONDS = 600
    return purged


def test_without_a_cdn_pages_must_be_asked_for_again(article):
    response = Client().get(article.url)
    assert "no-cache" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]


def test_with_a_cdn_anonymous_pages_are_shared_and_browsers_still_ask(article, purged):
    for response in (Client().get(article.url), Client().get(article.url)):
        cache_control = response["Cache-Control"]
        assert "s-maxage=600" in cache_control
        assert "max-age=0" in cache_control
        assert "public" in cache_control
        assert "Cookie" in response["Vary"]


def test_a_signed_in_readers_page_is_never_shared(article, purged, django_user_model):
    reader = django_user_model.objects.create_user("r", "r@example.org", "pw-Long-1x")
    client = Client()
    client.force_login(reader)
    cache_control = client.get(article.url)["Cache-Control"]
    assert "private" in cache_control
    assert "s-maxage" not in cache_control


def test_a_new_comment_purges_the_article_its_comment_pages_and_feed(
    article, post, purged, on_commit
):
    on_commit(post, "The CDN must hear of this.")
    assert f"{PUBLIC}{article.url}" in purged
    assert f"{PUBLIC}{article.url}?cpage=1" in purged
    assert f"{PUBLIC}/discussion/articles/{article.pk}/comments/feed/" in purged
    assert all(url.startswith(PUBLIC) for url in purged)


def test_an_approval_purges_every_comment_page_of_a_long_discussion(
    article, post, purged, on_commit, settings, moderation_rules, django_user_model
):
    settings.COMMENTS_PER_PAGE = 2
    for number in range(5):
        on_commit(post, f"Comment {number}")
    moderation_rules(mode="hold_all")
    held = on_commit(post, "Held, then approved.")
    moderator = django_user_model.objects.create_user("m", "m@example.org", "pw-L-1x")
    purged.clear()
    on_commit(
        decisions.decide, comment_ids=[held.pk], action="approve", moderator=moderator
    )
    for page in (1, 2, 3):
        assert f"{PUBLIC}{article.url}?cpage={page}" in purged


def test_publishing_purges_home_sections_tags_feeds_and_sitemap(
    make_article, make_section, purged, on_commit, settings
):
    settings.ARTICLES_PER_PAGE = 1
    culture = make_section("Culture")
    make_article("An older story", tags=["harbour"])
    article = on_commit(
        make_article, "Harbour plan passes", also_filed_in=[culture], tags=["harbour"]
    )
    article.refresh_from_db()
    expected = [
        article.url,
        "/",
        "/?page=2",
        article.get_parent().url,
        f"{article.get_parent().url}feed/",
        culture.url,
        "/tags/harbour/",
        "/tags/harbour/?page=2",
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
    ]
    for path in expected:
        assert f"{PUBLIC}{path}" in purged, path


def test_unpublishing_purges_the_page_and_its_listings(article, purged, on_commit):
    purged.clear()
    on_commit(article.unpublish)
    assert f"{PUBLIC}{article.url}" in purged
    assert f"{PUBLIC}/" in purged


def test_an_unreachable_cdn_never_stops_a_comment(article, post, on_commit, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",  # nothing listens on the discard port
        }
    }
    comment = on_commit(post, "Still accepted.")
    assert comment.pk
    assert "Still accepted." in Client().get(article.url).content.decode()


def test_deleting_an_article_purges_its_address(article, purged, on_commit):
    url = article.url
    purged.clear()
    on_commit(article.delete)
    assert f"{PUBLIC}{url}" in purged
    assert f"{PUBLIC}/" in purged
