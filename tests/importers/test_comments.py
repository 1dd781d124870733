"""The comment writer: replies that wait for parents, and a fixed query budget."""

from datetime import UTC, datetime

import pytest

from masthead.discussion.models import Comment
from masthead.importers.comments import CommentWriter, IncomingComment
from masthead.importers.disqus import import_disqus
from masthead.importers.report import ImportReport

pytestmark = pytest.mark.django_db


def test_reply_listed_before_a_parent_whose_own_parent_is_missing(home, tmp_path):
    export = _disqus_file(
        tmp_path,
        _post(12, parent=11),  # waits for 11, which waits for 10: not in the file
        _post(11, parent=10),
        _post(12, parent=11),  # the same id again while still waiting
    )

    report = import_disqus(path=export, create_missing=True)

    reply = Comment.objects.get(source="disqus:12")
    assert reply.parent.source == "disqus:11" and reply.parent.parent is None
    assert [str(p).split(": ", 1)[1] for p in report.problems] == [
        "reply to disqus:10, which is not in the file; imported as a top-level comment",
        "duplicate id disqus:12; skipped",
    ]
    assert report.counts["comments created"] == 2


def test_replies_that_only_wait_on_each_other_are_still_imported(home, tmp_path):
    export = _disqus_file(tmp_path, _post(20, parent=21), _post(21, parent=20))

    report = import_disqus(path=export, create_missing=True)

    assert report.counts["comments created"] == Comment.objects.count() == 2
    assert Comment.objects.filter(parent__isnull=True).count() == 1


def test_a_batch_is_written_in_queries_per_thread_level(
    article, django_assert_num_queries
):
    writer = CommentWriter(report=ImportReport(source="test"))
    writer.add(_incoming("top", article))  # Discussion and stored-comment queries
    for number in range(20):
        writer.add(_incoming(f"a{number}", article))
        writer.add(_incoming(f"a{number}-reply", article, parent="top"))
        writer.add(_incoming(f"a{number}-deeper", article, parent=f"a{number}-reply"))

    # SAVEPOINT; SELECT sources stored already; per level (3): INSERT all
    # rows in one executemany, SELECT their ids; UPDATE the discussion's
    # last top number; RELEASE SAVEPOINT.
    with django_assert_num_queries(10):
        writer.flush()
    writer.add(_incoming("late", article, parent="top"))
    # As above with one level, plus the UPDATE of the written parent's counter.
    with django_assert_num_queries(6):
        writer.flush()

    top = Comment.objects.get(source="top")
    assert top.last_reply_number == top.replies.count() == 21
    assert Comment.objects.get(source="a7-deeper").thread_path == top.thread_path + (
        "00008" + "00001"
    )


def _incoming(source: str, article, *, parent: str | None = None) -> IncomingComment:
    return IncomingComment(
        line=1, article_id=article.pk, source=source, parent_source=parent,
        author_name="Cy", author_email="", author_url="", ip_address="192.0.2.9",
        created_at=datetime(2020, 5, 3, tzinfo=UTC), status="approved",
        text="Fair point.",
    )  # fmt: skip


def _disqus_file(tmp_path, *posts: str):
    export = tmp_path / "disqus.xml"
    export.write_text(
        '<?xml version="1.0"?><disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">'
        '<thread dsq:id="1"><id/><link>https://elsewhere.example/a/</link>'
        "<title>A thread</title></thread>" + "".join(posts) + "</disqus>"
    )
    return export


def _post(dsq_id: int, *, parent: int | None = None) -> str:
    parent_tag = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{dsq_id}"><message><![CDATA[<p>Post {dsq_id}</p>]]></message>'
        "<createdAt>2020-05-03T10:00:00Z</createdAt><isDeleted>false</isDeleted>"
        "<isSpam>false</isSpam><author><name>Cy</name><isAnonymous>true</isAnonymous>"
        f'</author><thread dsq:id="1"/>{parent_tag}</post>'
    )
