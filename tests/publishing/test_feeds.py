import re

import pytest

from masthead.publishing import sitemaps

pytestmark = pytest.mark.django_db
LOCATION = re.compile(r"<loc>http://[^/<]+(/[^<]*)</loc>")


def sitemap_pages(client) -> dict[str, list[str]]:
    """Each sitemap page the index at /sitemap.xml names, with the paths it lists."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert b"<sitemapindex" in index.content
    listed = {}
    for address in LOCATION.findall(index.content.decode()):
        page = client.get(address)
        assert page.status_code == 200, address
        listed[address] = LOCATION.findall(page.content.decode())
    return listed


@pytest.fixture
def published_and_draft(make_article):
    return make_article("Published story"), make_article("Draft story", publish=False)


@pytest.mark.parametrize("address", ["/feed/", "/feed/atom/"])
def test_site_feeds_list_published_articles_only(client, published_and_draft, address):
    response = client.get(address)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Published story" in body
    assert "Draft story" not in body


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_section_feeds_list_the_sections_articles(
    client, section, make_section, make_article, suffix
):
    other = make_section("Culture")
    make_article("World story")
    make_article("Culture story", in_section=other)
    body = client.get(section.url + suffix).content.decode()
    assert "World story" in body
    assert "Culture story" not in body


def test_sitemap_lists_published_articles_only(client, published_and_draft):
    published, draft = published_and_draft
    listed = [path for paths in sitemap_pages(client).values() for path in paths]
    assert published.url in listed
    assert not [path for path in listed if draft.slug in path]


def test_sitemap_index_names_pages_that_each_list_a_bounded_block(
    client, make_article, monkeypatch
):
    monkeypatch.setattr(sitemaps.PageSitemap, "limit", 2)
    monkeypatch.setattr(sitemaps, "PAGES_PER_SITEMAP", 2)
    articles = [make_article(f"Story {number}") for number in range(5)]
    draft = make_article("Draft story", publish=False)

    listed = sitemap_pages(client)
    assert len(listed) >= 3
    assert all(len(paths) <= 2 for paths in listed.values())
    every_path = [path for paths in listed.values() for path in paths]
    assert sorted(every_path) == sorted(set(every_path)), "each page listed once"
    for article in articles:
        assert article.url in every_path
        # A publication purges the one sitemap page that lists the article.
        assert article.url in listed[sitemaps.sitemap_path_for(article)]
    assert not [path for path in every_path if draft.slug in path]
    past_the_end = len(listed) + 1
    assert client.get(f"/sitemap-pages.xml?p={past_the_end}").status_code == 404
