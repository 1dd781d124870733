"""Importing Disqus exports onto the articles their threads were about."""

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from masthead.discussion.models import Comment
from masthead.importers.disqus import import_disqus
from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db
DSQ = "{http://disqus.com/disqus-internals}id"
NS = "{http://disqus.com}"
DATA = Path(__file__).parent / "data" / "disqus"


def test_real_export_keeps_every_parent_and_status(home):
    path = DATA / "disqus-to-github-issues-go_evanlin_20210517.xml"

    report = import_disqus(path=path, create_missing=True)

    # A trusted fixture; ElementTree is the independent oracle.
    root = ET.parse(path).getroot()  # noqa: S314
    parents, statuses = {}, Counter()
    for post in root.iter(f"{NS}post"):
        parent = post.find(f"{NS}parent")
        parents[f"disqus:{post.get(DSQ)}"] = (
            f"disqus:{parent.get(DSQ)}" if parent is not None else None
        )
        spam, deleted = (
            post.findtext(f"{NS}{f}") == "true" for f in ("isSpam", "isDeleted")
        )
        statuses["spam" if spam else "removed" if deleted else "approved"] += 1
    assert dict(Comment.objects.values_list("source", "parent__source")) == parents
    assert Counter(Comment.objects.values_list("status", flat=True)) == statuses
    assert report.counts["comments created"] == 189 and not report.problems


def test_isso_fixture_imports_with_orphan_thread_listed(home):
    report = import_disqus(path=DATA / "isso_disqus.xml", create_missing=True)

    assert report.counts["comments created"] == 5
    assert report.unmatched_threads == [("thread 1337, not in the file", 1)]
    reply = Comment.objects.get(source="disqus:11")
    assert reply.parent.source == "disqus:9" and reply.parent.status == "removed"
    assert Comment.objects.get(source="disqus:4").author_name == "peter"


def test_damaged_remark42_export_imports_its_readable_posts(home):
    report = import_disqus(path=DATA / "remark42_disqus.xml", create_missing=True)

    reasons = [str(p) for p in report.problems]
    assert "line 1: skipped 1 stray character(s) before the XML declaration" in reasons
    assert "line 102: post has no dsq:id; skipped" in reasons
    assert any(r.startswith("line 135: post is damaged") for r in reasons)
    assert report.file_error
    assert Comment.objects.count() == 4
    assert Comment.objects.filter(status="spam").count() == 1


def test_thread_lands_on_the_article_wordpress_imported(
    home, write_wxr, wxr_item, tmp_path
):
    import_wordpress(path=write_wxr(wxr_item(7, title="Ferry returns")))
    export = tmp_path / "disqus.xml"
    export.write_text(
        '<?xml version="1.0"?><disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">'
        # Another scheme, no www., a query and no trailing slash: still a match.
        '<thread dsq:id="1"><id/><link>http://oldsite.example/2020/05/post-7?utm=x'
        "</link></thread>"
        '<thread dsq:id="2"><id>8 http://oldsite.example/?p=8</id><link/></thread>'
        '<thread dsq:id="3"><id/><link>https://elsewhere.example/a/</link></thread>'
        # A reply listed before its parent.
        + _post(11, thread=1, parent=10)
        + _post(10, thread=1)
        + _post(12, thread=3)
        + "</disqus>"
    )

    report = import_disqus(path=export)

    article = ArticlePage.objects.get(source="wordpress:7")
    assert Comment.objects.get(source="disqus:11").parent.source == "disqus:10"
    assert set(article.discussion.comments.values_list("source", flat=True)) == {
        "disqus:10", "disqus:11",
    }  # fmt: skip
    assert report.unmatched_threads == [("https://elsewhere.example/a/", 1)]
    assert import_disqus(path=export).counts["comments already imported"] == 2


def _post(dsq_id: int, *, thread: int, parent: int | None = None) -> str:
    parent_tag = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{dsq_id}"><message><![CDATA[<p>Post {dsq_id}</p>]]></message>'
        "<createdAt>2020-05-03T10:00:00Z</createdAt><isDeleted>false</isDeleted>"
        "<isSpam>false</isSpam><author><name>Cy</name><isAnonymous>true</isAnonymous>"
        f'</author><thread dsq:id="{thread}"/>{parent_tag}</post>'
    )
