"""Titles, section names and old addresses from real archives, kept working."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage, SectionPage

pytestmark = pytest.mark.django_db
OLD_SITE = "https://www.oldsite.example"


def item(post_id: int, *, title="A story", slug=None, link=None,
         section=("news", "News")) -> str:  # fmt: skip
    slug = slug or f"story-{post_id}"
    link = link or f"{OLD_SITE}/2020/05/{slug}/"
    return f"""<item><title><![CDATA[{title}]]></title><link>{link}</link>
<content:encoded><![CDATA[Words of story {post_id}.]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date_gmt>2020-05-01 10:00:00</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="{section[0]}"><![CDATA[{section[1]}]]></category>
<category domain="post_tag" nicename="q-a"><![CDATA[Q &amp; A]]></category>
</item>
"""


def test_titles_and_names_show_as_wordpress_showed_them(home, write_wxr, client):
    import_wordpress(
        path=write_wxr(
            item(
                1,
                title="Tom &amp; Jerry&#8217;s &#8220;day&#8221; &ndash; out",
                section=("arts", "Arts &amp; Culture"),
            )  # fmt: skip
        )
    )
    article = ArticlePage.objects.get()
    assert article.title == "Tom & Jerry’s “day” – out"
    assert article.get_parent().title == "Arts & Culture"
    assert [tag.name for tag in article.tags.all()] == ["Q & A"]
    html = client.get(article.url).content.decode()
    assert "&amp;#8217;" not in html and "&amp;amp;" not in html


@pytest.mark.parametrize("name", ["Search", "Admin", "Tags", "Feed", "Accounts"])
def test_a_section_named_like_the_sites_own_pages_gets_its_own_address(
    home, write_wxr, client, name
):
    import_wordpress(path=write_wxr(item(1, section=(name.lower(), name))))
    article = ArticlePage.objects.get()
    section = SectionPage.objects.get(title=name)
    assert section.slug == f"{name.lower()}-section"
    assert client.get(section.url).status_code == 200
    assert "Words of story 1." in client.get(article.url).content.decode()
    moved = client.get("/2020/05/story-1/")
    assert moved.status_code == 301 and moved["Location"] == article.url


def test_an_article_named_feed_is_not_hidden_by_its_sections_feed(
    home, write_wxr, client
):
    import_wordpress(path=write_wxr(item(7, slug="feed")))
    article = ArticlePage.objects.get()
    assert article.slug == "feed-7"
    assert "Words of story 7." in client.get(article.url).content.decode()


def test_an_old_address_too_long_to_keep_is_reported_and_the_import_goes_on(
    home, write_wxr, client
):
    long_slug = "a-very-long-headline-" * 15
    report = import_wordpress(
        path=write_wxr(
            item(1, slug="short", link=f"{OLD_SITE}/{long_slug}/"),
            item(2),
        )
    )
    assert ArticlePage.objects.count() == 2
    assert any("longer than 255 characters" in row.reason for row in report.problems)
    assert not Redirect.objects.filter(old_path__startswith="/a-very-long").exists()
    assert client.get("/?p=1").status_code == 301


def test_a_categorys_old_archive_address_leads_to_its_section(home, write_wxr, client):
    import_wordpress(path=write_wxr(item(1, section=("local-news", "Local news"))))
    section = SectionPage.objects.get(title="Local news")
    for old in ("/category/local-news/", "/category/local-news"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, section.url)


def test_an_old_link_through_wordpress_script_leads_to_the_article(
    home, write_wxr, client
):
    import_wordpress(path=write_wxr(item(5)))
    response = client.get("/index.php?p=5")
    assert (response.status_code, response["Location"]) == (
        301,
        ArticlePage.objects.get().url,
    )


def test_a_tags_old_archive_address_leads_to_its_tag_page(home, write_wxr, client):
    import_wordpress(path=write_wxr(item(1), item(2)))
    response = client.get("/tag/q-a/")
    assert response.status_code == 301
    assert "A story" in client.get(response["Location"]).content.decode()
