"""Old WordPress addresses keep working: Unicode permalinks and `?p=ID` links."""

from urllib.parse import unquote

import pytest
from wagtail.contrib.redirects.models import Redirect

from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db
OLD_SITE = "https://www.oldsite.example"
PERSIAN_SLUG = "%d8%b1%d8%b3%d8%a7%d9%84%d8%aa"  # رسالت
PERSIAN_SECTION = "%d8%a7%d8%ae%d8%a8%d8%a7%d8%b1"  # اخبار


def item(post_id: int, *, post_type="post", status="publish", slug=None,
         link=None, guid=None, parent=0, section=("news", "News")) -> str:  # fmt: skip
    """A WXR item as WordPress writes it, with the fields these tests vary."""
    slug = f"story-{post_id}" if slug is None else slug
    link = link or f"{OLD_SITE}/2020/05/{slug}/"
    guid = guid or f"{OLD_SITE}/?p={post_id}"
    return f"""<item><title>Story {post_id}</title><link>{link}</link>
<guid isPermaLink="false">{guid}</guid>
<content:encoded><![CDATA[Words of story {post_id}.]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date_gmt>2020-05-01 10:00:00</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_parent>{parent}</wp:post_parent><wp:post_type>{post_type}</wp:post_type>
<category domain="category" nicename="{section[0]}"><![CDATA[{section[1]}]]></category>
</item>
"""


def test_percent_encoded_persian_slug_is_imported_readable_and_its_old_url_redirects(
    home, write_wxr, client
):
    import_wordpress(
        path=write_wxr(item(5, slug=PERSIAN_SLUG, section=(PERSIAN_SECTION, "اخبار")))
    )

    article = ArticlePage.objects.get()
    assert article.slug == "رسالت"
    assert article.get_parent().slug == "اخبار"
    assert unquote(article.url) == "/اخبار/رسالت/"
    old = client.get(f"/2020/05/{PERSIAN_SLUG.upper()}/")
    assert old.status_code == 301 and unquote(old["Location"]) == "/اخبار/رسالت/"
    assert client.get(old["Location"]).status_code == 200
    section = client.get(article.get_parent().url)
    assert section.status_code == 200 and "Story 5" in section.content.decode()


def test_a_post_with_no_slug_never_claims_the_date_archive_its_link_names(
    home, write_wxr, client
):
    report = import_wordpress(
        path=write_wxr(item(5, slug="", link=f"{OLD_SITE}/2020/01/"))
    )

    article = ArticlePage.objects.get()
    assert article.slug == "story-5"
    assert not Redirect.objects.filter(old_path="/2020/01").exists()
    assert client.get("/2020/01/").status_code == 404
    assert client.get("/?p=5")["Location"] == article.url
    [problem] = report.problems
    assert str(problem) == (
        "line 7: post 5 has no slug, so its old address /2020/01/ is another page "
        "of the old site (an archive); it is not redirected, /?p=5 is"
    )


def test_a_post_with_no_slug_takes_its_name_from_a_pretty_guid(home, write_wxr):
    import_wordpress(
        path=write_wxr(
            item(6, slug="", link=f"{OLD_SITE}/?p=6", guid=f"{OLD_SITE}/ferry-news/")
        )
    )

    assert ArticlePage.objects.get().slug == "ferry-news"


def test_an_old_permalinks_feed_amp_and_comment_pages_lead_to_the_article(
    home, write_wxr, client
):
    import_wordpress(
        path=write_wxr(item(7), item(8, slug=PERSIAN_SLUG), item(9, status="draft"))
    )
    post, persian = (ArticlePage.objects.get(source=f"wordpress:{n}") for n in (7, 8))
    feed, persian_feed = (
        f"/discussion/articles/{each.pk}/comments/feed/" for each in (post, persian)
    )

    for old, new in [
        ("/2020/05/story-7/feed/", feed),
        ("/2020/05/story-7/feed/atom/", feed),
        ("/2020/05/story-7/feed/rss2", feed),
        ("/2020/05/story-7/amp/", post.url),
        ("/2020/05/story-7/?amp=1", post.url),
        ("/2020/05/story-7/comment-page-2/", post.url + "#comments"),
        ("/2020/05/story-7/comment-page-13/#comments", post.url + "#comments"),
        ("/2020/05/story-7/2/", post.url),
        ("/2020/05/story-7/13", post.url),
        (f"/2020/05/{PERSIAN_SLUG}/amp/", persian.url),
        (f"/2020/05/{PERSIAN_SLUG}/feed/", persian_feed),
    ]:  # fmt: skip
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get(feed).status_code == 200
    for old in ["/2020/05/story-9/feed/", "/2020/05/elsewhere/amp/", "/feed/amp/",
                "/2020/05/story-9/2/", "/2020/05/elsewhere/2/"]:  # fmt: skip
        assert client.get(old).status_code == 404, old


def test_old_links_by_id_answer_301_with_the_imported_page(home, write_wxr, client):
    import_wordpress(
        path=write_wxr(
            item(9, post_type="attachment", parent=7, guid=f"{OLD_SITE}/a.jpg"),
            item(7),
            item(8, post_type="page", guid=f"{OLD_SITE}/?page_id=8"),
        )
    )
    post, page = (ArticlePage.objects.get(source=f"wordpress:{n}") for n in (7, 8))

    for old, new in [
        ("/?p=7", post.url),
        ("/?p=7&utm_source=newsletter", post.url),
        ("/?page_id=8", page.url),
        ("/?p=8", page.url),
        ("/?attachment_id=9", post.url),
        ("/index.php?p=7", post.url),
        ("/index.php?page_id=8", page.url),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old


def test_an_attachment_page_and_its_p_link_lead_to_its_article(home, write_wxr, client):
    photo = item(50, post_type="attachment", parent=7, slug="a",
                 link=f"{OLD_SITE}/2020/05/story-7/a/",
                 guid=f"{OLD_SITE}/a.jpg")  # fmt: skip
    orphan = item(51, post_type="attachment", parent=99, slug="b",
                  link=f"{OLD_SITE}/2020/05/gone/b/",
                  guid=f"{OLD_SITE}/b.jpg")  # fmt: skip
    import_wordpress(path=write_wxr(photo, orphan, item(7)))
    post = ArticlePage.objects.get(source="wordpress:7")

    for old in ["/2020/05/story-7/a/", "/2020/05/story-7/a", "/?p=50",
                "/?attachment_id=50"]:  # fmt: skip
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, post.url), old
    # An attachment whose post was not imported leads nowhere it could be wrong.
    assert client.get("/2020/05/gone/b/").status_code == 404
    assert client.get("/?p=51").status_code == 200


def test_unknown_malformed_and_unpublished_ids_show_the_page_asked_for(
    home, write_wxr, client
):
    import_wordpress(path=write_wxr(item(7), item(10, status="draft")))

    for old in ["/?p=999", "/?p=abc", "/?p=//evil.example", "/?p=7x", "/?p=10"]:
        response = client.get(old)
        assert response.status_code == 200, old
        assert "Location" not in response


def test_links_by_id_under_the_old_blog_folder_redirect(home, write_wxr, client):
    blog = f"{OLD_SITE}/blog"
    import_wordpress(
        path=write_wxr(item(7, guid=f"{blog}/?p=7", link=f"{blog}/2020/05/story/"))
    )

    response = client.get("/blog/?p=7")
    assert response.status_code == 301
    assert response["Location"] == ArticlePage.objects.get().url


def test_a_guid_from_another_host_gives_no_folder(home, write_wxr):
    """A guid keeps the site a post was first written on, maybe not this one."""
    import_wordpress(
        path=write_wxr(item(8, guid="https://elsewhere.example/demo/?p=8"))
    )

    assert sorted(Redirect.objects.filter(old_path__contains="p=8").values_list(
        "old_path", flat=True)) == ["/?p=8", "/index.php?p=8"]  # fmt: skip


def test_a_second_run_adds_links_by_id_to_articles_imported_before(
    home, write_wxr, client
):
    path = write_wxr(item(7))
    import_wordpress(path=path)
    Redirect.objects.filter(old_path="/?p=7").delete()

    import_wordpress(path=path)

    assert client.get("/?p=7").status_code == 301


def test_every_article_of_the_theme_unit_test_answers_and_its_old_links_redirect(
    home, corpora, client
):
    """WordPress's own test export has a Greek tag, which used to make its
    articles answer 500."""
    import_wordpress(
        path=corpora / "wordpress" / "wordpress-importer_theme-unit-test-data.xml"
    )

    published = ArticlePage.objects.live()
    assert published.filter(tags__name="content περιεχόμενο").exists()
    for article in published:
        assert client.get(article.url).status_code == 200, article.url
        post_id = article.source.removeprefix("wordpress:")
        response = client.get(f"/?p={post_id}")
        assert response.status_code == 301, (post_id, article.url)
        assert response["Location"] == article.url


def test_an_item_repeating_an_earlier_id_is_its_own_article(home, write_wxr, client):
    """A damaged export can give two posts one id; WordPress would import both."""
    report = import_wordpress(
        path=write_wxr(
            item(7, slug="first"),
            item(7, slug="second", link=f"{OLD_SITE}/?p=7"),
            item(7, slug="third"),
        )
    )

    first, second, third = ArticlePage.objects.order_by("pk")
    assert [a.slug for a in (first, second, third)] == ["first", "second", "third"]
    assert all(article.live for article in (first, second, third))
    # The first item owns /?p=7; the others keep their own permalinks.
    for old, new in [
        ("/?p=7", first.url),
        ("/2020/05/first/", first.url),
        ("/2020/05/third/", third.url),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert [str(p) for p in report.problems if "earlier item" in p.reason] == [
        f"line {line}: post id 7 is used by an earlier item too; imported as its "
        "own article, /?p=7 leads to the first"
        for line in (16, 25)
    ]


def test_a_repeated_id_link_leads_to_the_published_one(home, write_wxr, client):
    import_wordpress(
        path=write_wxr(
            item(8, status="draft", slug="draft"),
            item(8, slug="published", link=f"{OLD_SITE}/?p=8"),
        )
    )

    response = client.get("/?p=8")

    assert response.status_code == 301
    assert response["Location"] == ArticlePage.objects.get(slug="published").url
