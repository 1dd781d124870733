"""Comments that are their own parent, or reply to each other in a ring.

Each loop is cut at its oldest comment, which becomes top-level; the rest of
the loop and the replies below it keep the parents the file gave them.
"""

import pytest

from masthead.discussion.models import Comment, Discussion
from masthead.importers.disqus import import_disqus
from masthead.importers.wordpress import import_wordpress

pytestmark = pytest.mark.django_db

# Comment id -> (parent id or 0, day of May 2020 it was written).
COMMENTS = {
    12: (12, 2),  # its own parent
    13: (12, 3),  # a valid reply to it
    20: (21, 5),  # 20 and 21 reply to each other; 21 is older
    21: (20, 4),
    22: (20, 6),  # a valid reply inside that loop
    30: (32, 8),  # a ring of three: 30 -> 32 -> 31 -> 30; 31 is the oldest
    31: (30, 7),
    32: (31, 9),
    40: (99, 10),  # 99 is not in the file at all
    41: (40, 11),
}
# Comment id -> parent id once imported.
EXPECTED_PARENTS = {
    12: None, 13: 12,
    21: None, 20: 21, 22: 20,
    31: None, 32: 31, 30: 32,
    40: None, 41: 40,
}  # fmt: skip
LOOPS_REPORTED = [
    "comment 12 is in a reply loop (12 -> 12); made top-level",
    "comment 21 is in a reply loop (21 -> 20 -> 21); made top-level",
    "comment 31 is in a reply loop (31 -> 30 -> 32 -> 31); made top-level",
]


def test_wordpress_loops_are_cut_once_and_replies_keep_their_place(
    home, write_wxr, wxr_item, wxr_comment
):
    comments = "".join(
        wxr_comment(own, parent=parent, date=f"2020-05-{day:02d} 10:00:00")
        for own, (parent, day) in COMMENTS.items()
    )
    export = write_wxr(wxr_item(1, comments=comments))

    report = import_wordpress(path=export)

    assert _parents("wordpress:1:") == EXPECTED_PARENTS
    assert sorted(_reasons(report)) == sorted(
        [
            *LOOPS_REPORTED,
            "reply to wordpress:1:99, which is not in the file; "
            "imported as a top-level comment",
        ]
    )
    assert report.counts["comments created"] == len(COMMENTS)
    assert Discussion.objects.get().comment_count == len(COMMENTS)


def test_disqus_loops_are_cut_once_and_replies_keep_their_place(
    home, write_disqus_thread
):
    export = write_disqus_thread(
        "".join(
            _disqus_post(own, parent=parent, day=day)
            for own, (parent, day) in COMMENTS.items()
        )
    )

    report = import_disqus(path=export, create_missing=True)

    assert _parents("disqus:") == EXPECTED_PARENTS
    assert sorted(_reasons(report)) == sorted(
        [
            *LOOPS_REPORTED,
            "reply to disqus:99, which is not in the file; "
            "imported as a top-level comment",
        ]
    )
    assert report.counts["comments created"] == len(COMMENTS)


def test_a_second_run_over_a_loop_changes_nothing(
    home, write_wxr, wxr_item, wxr_comment
):
    export = write_wxr(
        wxr_item(
            1,
            comments=wxr_comment(5, parent=6, date="2020-05-02 10:00:00")
            + wxr_comment(6, parent=5, date="2020-05-01 10:00:00"),
        )
    )
    import_wordpress(path=export)

    report = import_wordpress(path=export)

    assert _parents("wordpress:1:") == {6: None, 5: 6}
    assert report.problems == []
    assert report.counts["comments already imported"] == 2


def test_a_reply_loop_keeps_its_thread_order_on_the_page(
    home, write_wxr, wxr_item, wxr_comment
):
    export = write_wxr(
        wxr_item(
            1,
            comments=wxr_comment(7, parent=8, date="2020-05-02 10:00:00", text="Two")
            + wxr_comment(8, parent=7, date="2020-05-01 10:00:00", text="One"),
        )
    )

    import_wordpress(path=export)

    ordered = Comment.objects.order_by("thread_path")
    assert [(c.text, c.depth) for c in ordered] == [("One", 0), ("Two", 1)]


def _parents(prefix: str) -> dict[int, int | None]:
    def number(source: str | None) -> int | None:
        return int(source.removeprefix(prefix)) if source else None

    return {
        number(source): number(parent)
        for source, parent in Comment.objects.values_list("source", "parent__source")
    }


def _reasons(report) -> list[str]:
    return [problem.reason for problem in report.problems]


def _disqus_post(dsq_id: int, *, parent: int, day: int) -> str:
    return (
        f'<post dsq:id="{dsq_id}"><message><![CDATA[<p>Post {dsq_id}</p>]]></message>'
        f"<createdAt>2020-05-{day:02d}T10:00:00Z</createdAt>"
        "<isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Cy</name>"
        '<isAnonymous>true</isAnonymous></author><thread dsq:id="1"/>'
        f'<parent dsq:id="{parent}"/></post>'
    )
