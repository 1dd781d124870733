"""Only comments become readers' comments; other entries are counted by type."""

import pytest

from masthead.discussion.models import Comment
from masthead.importers.wordpress import import_wordpress

pytestmark = pytest.mark.django_db


def test_pings_likes_webmentions_and_notes_are_skipped_and_counted_by_type(
    home, write_wxr, wxr_item, wxr_comment
):
    entries = (
        wxr_comment(1, text="A reader.", kind="")
        + wxr_comment(2, text="Another reader.", kind="comment")
        + wxr_comment(3, kind="pingback")
        + wxr_comment(4, kind="trackback")
        + wxr_comment(5, kind="like")
        + wxr_comment(6, kind="like")
        + wxr_comment(7, kind="webmention")
        + wxr_comment(8, kind="note")
        + wxr_comment(9, kind="Order Note")
    )

    report = import_wordpress(path=write_wxr(wxr_item(1, comments=entries)))

    texts = sorted(Comment.objects.values_list("text", flat=True))
    assert texts == ["A reader.", "Another reader."]
    assert report.counts["comments created"] == 2
    rows = dict(report.rows())
    assert rows["pingback entries skipped (not comments)"] == 1
    assert rows["trackback entries skipped (not comments)"] == 1
    assert rows["like entries skipped (not comments)"] == 2
    assert rows["webmention entries skipped (not comments)"] == 1
    assert rows["note entries skipped (not comments)"] == 1
    assert rows["order note entries skipped (not comments)"] == 1
    assert not report.problems
