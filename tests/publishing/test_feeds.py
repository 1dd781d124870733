import pytest

pytestmark = pytest.mark.django_db


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
    body = client.get("/sitemap.xml").content.decode()
    assert published.url in body
    assert draft.slug not in body
