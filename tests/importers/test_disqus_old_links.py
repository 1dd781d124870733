"""Disqus threads found through the old addresses the WordPress import redirected,
and replies that name a parent on another article."""

from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from masthead.discussion.models import Comment
from masthead.importers.disqus import import_disqus
from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db
STUBS = "articles created (stubs for threads with no article)"
OLD = "http://oldsite.example"
WP = "{http://wordpress.org/export/1.2/}"


@pytest.fixture
def imported(home, write_wxr, wxr_item):
    """Post 7 (with attachment 9), draft post 8, and page 20, imported."""
    page = wxr_item(20, title="About us").replace(
        "<wp:post_type>post</wp:post_type>", "<wp:post_type>page</wp:post_type>"
    )
    photo = wxr_item(9, title="Photo").replace(
        "<wp:post_type>post</wp:post_type>",
        "<wp:post_type>attachment</wp:post_type><wp:post_parent>7</wp:post_parent>"
        "<wp:attachment_url>https://www.oldsite.example/a.jpg</wp:attachment_url>",
    )
    import_wordpress(
        path=write_wxr(
            wxr_item(7, title="Ferry returns"), photo, page,
            wxr_item(8, title="Unfinished", status="draft"),
        )
    )  # fmt: skip
    return dict(ArticlePage.objects.values_list("source", "pk"))


@pytest.mark.parametrize(
    ("link", "source"),
    [
        (f"{OLD}/?p=7", "wordpress:7"),
        (f"{OLD}/index.php?p=7&amp;utm_source=feed", "wordpress:7"),
        ("https://www.oldsite.example/?page_id=20", "wordpress:20"),
        (f"{OLD}/?attachment_id=9", "wordpress:7"),
        (f"{OLD}/2020/05/post-7/amp/", "wordpress:7"),
        # A draft has no redirect; its id still names it.
        (f"{OLD}/?p=8", "wordpress:8"),
    ],
)
def test_a_thread_under_an_old_link_joins_the_imported_article(
    imported, tmp_path, link, source
):
    export = _disqus_file(tmp_path, _thread(1, link=link), _post(10, thread=1))

    report = import_disqus(path=export, create_missing=True)

    assert report.counts[STUBS] == 0
    assert Comment.objects.get().discussion.article_id == imported[source]


def test_an_old_link_on_another_site_is_not_the_imported_post(imported, tmp_path):
    export = _disqus_file(
        tmp_path, _thread(1, link="https://elsewhere.example/?p=7"), _post(10, thread=1)
    )

    report = import_disqus(path=export, create_missing=True)

    assert report.counts[STUBS] == 1
    assert Comment.objects.get().discussion.article.source.startswith("disqus-thread:")


def test_a_reply_to_a_post_on_another_article_stays_top_level_on_its_own(
    imported, tmp_path
):
    export = _disqus_file(
        tmp_path,
        _thread(1, link=f"{OLD}/?p=7"),
        _thread(2, link=f"{OLD}/?page_id=20"),
        _post(10, thread=1),
        _post(11, thread=1, parent=10),
        # Replies naming a parent in thread 1, listed after and before it.
        _post(12, thread=2, parent=10),
        _post(13, thread=2, parent=14),
        _post(14, thread=1),
        _post(15, thread=2, parent=12),
    )

    report = import_disqus(path=export)

    about = ArticlePage.objects.get(source="wordpress:20")
    assert _tree(about) == {
        "disqus:12": None, "disqus:13": None, "disqus:15": "disqus:12",
    }  # fmt: skip
    ferry = ArticlePage.objects.get(source="wordpress:7")
    assert _tree(ferry) == {
        "disqus:10": None, "disqus:11": "disqus:10", "disqus:14": None,
    }  # fmt: skip
    reasons = [str(problem) for problem in report.problems]
    assert len(reasons) == 2
    assert all("in another article's discussion" in reason for reason in reasons)
    assert report.counts["replies to another article's comment made top-level"] == 2


def test_the_wxr_export_keeps_every_reply_under_its_parent(imported, tmp_path):
    export = _disqus_file(
        tmp_path,
        _thread(1, link=f"{OLD}/?p=7"),
        _thread(2, link=f"{OLD}/?page_id=20"),
        _post(11, thread=1, parent=10),
        _post(10, thread=1),
        _post(12, thread=2, parent=10),
        _post(13, thread=2, parent=12),
    )
    import_disqus(path=export)
    output = tmp_path / "site.xml"

    call_command("export_comments", "--format", "wxr", "--output", str(output))

    exported = {}
    for item in etree.parse(str(output)).iter("item"):
        ids = {c.findtext(f"{WP}comment_id") for c in item.iter(f"{WP}comment")}
        for comment in item.iter(f"{WP}comment"):
            parent = comment.findtext(f"{WP}comment_parent")
            assert parent == "0" or parent in ids  # never a parent elsewhere
            exported[comment.findtext(f"{WP}comment_id")] = parent
    stored = {
        str(pk): str(parent or 0)
        for pk, parent in Comment.objects.values_list("pk", "parent_id")
    }
    assert exported == stored
    assert sum(parent != "0" for parent in exported.values()) == 2


def _tree(article) -> dict[str, str | None]:
    return dict(article.discussion.comments.values_list("source", "parent__source"))


def _disqus_file(tmp_path, *records: str) -> Path:
    path = tmp_path / "disqus.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">'
        + "".join(records)
        + "</disqus>",
        encoding="utf-8",
    )
    return path


def _thread(dsq_id: int, *, link: str) -> str:
    return (
        f'<thread dsq:id="{dsq_id}"><id>thread-{dsq_id}</id><link>{link}</link>'
        f"<title>Thread {dsq_id}</title></thread>"
    )


def _post(dsq_id: int, *, thread: int, parent: int | None = None) -> str:
    parent_tag = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{dsq_id}"><message><![CDATA[<p>Post {dsq_id}</p>]]>'
        "</message><createdAt>2020-05-03T10:00:00Z</createdAt>"
        "<isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Cy</name>"
        f'<isAnonymous>true</isAnonymous></author><thread dsq:id="{thread}"/>'
        f"{parent_tag}</post>"
    )


def test_a_thread_link_no_parser_can_read_gets_a_stub_not_a_crash(imported, tmp_path):
    export = _disqus_file(
        tmp_path, _thread(1, link="http://[oldsite.example/?p=7"), _post(10, thread=1)
    )

    report = import_disqus(path=export, create_missing=True)

    assert report.counts["comments created"] == 1
