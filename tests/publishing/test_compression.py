"""Gzip: shared pages go out compressed; pages drawn for one reader never do."""

import gzip

import pytest
from django.test import Client

from masthead import cookies
from masthead.publishing.sitemaps import sitemap_path_for

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


def _html(response) -> str:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content).decode()
    return response.content.decode()


def test_a_shared_page_is_gzipped_for_clients_that_accept_it(article, post):
    post("The ferry timetable is wrong.")
    plain = Client().get(article.url)
    drawn = Client().get(article.url, **GZIP)
    cached = Client().get(article.url, **GZIP)

    for response in (drawn, cached):
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert len(response.content) < len(plain.content) / 2
        assert _html(response) == plain.content.decode()
    assert cached["X-Page-Cache"] == "hit"
    assert "The ferry timetable is wrong." in _html(cached)


def test_a_client_without_gzip_gets_the_cached_page_unpacked(article):
    Client().get(article.url, **GZIP)

    plain = Client().get(article.url, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")

    assert plain["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in plain
    assert article.title in plain.content.decode()
    assert "Accept-Encoding" in plain["Vary"]


def test_each_encoding_has_its_own_etag_and_answers_304(article):
    zipped_tag = Client().get(article.url, **GZIP)["ETag"]
    plain_tag = Client().get(article.url)["ETag"]

    assert zipped_tag != plain_tag
    repeat = Client().get(article.url, HTTP_IF_NONE_MATCH=zipped_tag, **GZIP)
    assert repeat.status_code == 304
    assert Client().get(article.url, HTTP_IF_NONE_MATCH=plain_tag).status_code == 304


def test_a_signed_in_readers_page_is_never_compressed(article, make_reader):
    reader = Client()
    reader.force_login(make_reader("Dee"))

    response = reader.get(article.url, **GZIP)

    assert response.status_code == 200
    assert "Dee" in response.content.decode()
    assert "Content-Encoding" not in response


@pytest.mark.parametrize("cookie", [cookies.GUEST_DETAILS, cookies.OWN_COMMENTS])
def test_a_page_for_a_browser_with_a_personal_cookie_is_never_compressed(
    article, cookie
):
    browser = Client()
    browser.cookies[cookie] = "anything"

    response = browser.get(article.url, **GZIP)

    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_a_page_carrying_a_csrf_token_is_never_compressed(home):
    browser = Client()
    browser.get("/accounts/signup/")  # now holds a CSRF cookie, not personal

    response = browser.get("/accounts/signup/?next=/reflected/", **GZIP)

    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "Content-Encoding" not in response


def test_feeds_and_the_sitemap_are_gzipped_for_anonymous_readers(article):
    for path in ("/feed/", sitemap_path_for(article)):
        response = Client().get(path, **GZIP)
        assert response["Content-Encoding"] == "gzip", path
        assert article.title in _html(response) or article.slug in _html(response)
