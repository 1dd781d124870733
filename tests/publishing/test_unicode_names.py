"""Tags and sections named in any script have pages that work."""

import re
from urllib.parse import unquote

import pytest

pytestmark = pytest.mark.django_db

TAGS = ["content περιεχόμενο", "رسانه آزاد", "新闻自由", "Élection présidentielle"]


def test_article_with_tags_in_any_script_renders_and_each_tag_page_lists_it(
    client, make_article
):
    article = make_article("Press freedom index", tags=TAGS)

    response = client.get(article.url)

    assert response.status_code == 200
    footer = response.content.decode().split('class="article__tags"')[1]
    footer = footer.split("</footer>")[0]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)
    assert sorted(name for _, name in links) == sorted(TAGS)
    for href, name in links:
        assert unquote(href).startswith("/tags/")
        tag_page = client.get(href)
        assert tag_page.status_code == 200, name
        assert "Press freedom index" in tag_page.content.decode()
        assert f"Tagged “{name}”" in tag_page.content.decode()


def test_a_tag_with_no_letters_is_shown_without_a_link(client, make_article):
    """Such a tag has an empty slug, so there is no page to link to."""
    article = make_article("Mood of the week", tags=["🙂", "mood"])

    html = client.get(article.url).content.decode()

    assert "<li>🙂</li>" in html
    assert '<a href="/tags/mood/">mood</a>' in html


def test_an_unknown_tag_is_a_404(client, home):
    assert client.get("/tags/%D9%86%DB%8C%D8%B3%D8%AA/").status_code == 404


def test_sections_named_in_any_script_list_their_articles(
    client, make_section, make_article
):
    for name in ("اخبار", "Ειδήσεις", "新闻", "Économie"):
        section = make_section(name)
        make_article(f"Filed under {name}", in_section=section)

        assert unquote(section.url) == f"/{name.lower()}/"
        page = client.get(section.url)
        assert page.status_code == 200
        assert f"Filed under {name}" in page.content.decode()
