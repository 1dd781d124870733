"""Stray control characters and bytes that are not UTF-8 inside an export."""

import pytest

from masthead.discussion.models import Comment
from masthead.importers.migration_report import report_totals
from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db


def _write_bytes(write_wxr, *items: str, replace: dict[bytes, bytes]):
    """A WXR file whose placeholders are swapped for raw bytes afterwards."""
    path = write_wxr(*items)
    data = path.read_bytes()
    for placeholder, raw in replace.items():
        data = data.replace(placeholder, raw)
    path.write_bytes(data)
    return path


def test_control_characters_and_bad_bytes_are_repaired_and_reported(
    home, write_wxr, wxr_item, wxr_comment
):
    pasted = "Pasted CTRLA from Word CTRLV and CTRLF, then BADBYTES here."
    path = _write_bytes(
        write_wxr,
        wxr_item(1, content="A clean post."),
        wxr_item(2, content=pasted, comments=wxr_comment(7, text="Nice CTRLA one")),
        wxr_item(3, content="Another clean post."),
        replace={
            b"CTRLA": b"\x01",
            b"CTRLV": b"\x0b",
            b"CTRLF": b"\x0c",
            b"BADBYTES": b"\xff\xfe",
        },  # fmt: skip
    )

    report = import_wordpress(path=path)

    assert not report.file_error
    assert ArticlePage.objects.count() == 3
    assert Comment.objects.get(source="wordpress:2:7").text == "Nice  one"
    body = str(ArticlePage.objects.get(title__contains="Harbour", slug="post-2").body)
    assert "Pasted  from Word  and , then \ufffd\ufffd here." in body
    reasons = [str(problem) for problem in report.problems]
    assert any(
        "6 characters XML does not allow were removed from post 2" in r for r in reasons
    ), reasons
    assert report.counts["characters XML does not allow removed"] == 6


def test_a_multibyte_character_split_across_reads_survives(home, write_wxr, wxr_item):
    # Long enough that the reader's chunks end inside some of the characters.
    text = "Café naïve — ünïcödé " * 5000
    report = import_wordpress(path=write_wxr(wxr_item(1, content=text)))

    assert not report.file_error
    assert not report.counts["characters XML does not allow removed"]
    assert "Café naïve — ünïcödé" in str(ArticlePage.objects.get().body)


def test_a_skipped_post_counts_its_words_as_lost(home, write_wxr, wxr_item):
    broken = wxr_item(2, content="Seven words here will never be shown.")
    broken = broken.replace("<wp:status>publish</wp:status>", "<wp:status>publish")
    path = write_wxr(wxr_item(1, content="Three kept words."), broken,
                     wxr_item(3, content="Also kept."))  # fmt: skip

    report = import_wordpress(path=path)

    assert any("post is damaged" in str(problem) for problem in report.problems)
    assert report.counts["words lost"] == 7
    totals = report_totals(report)
    assert totals["words lost"] == 7
    assert totals["words in the old posts"] == totals["words on the new pages"] + 7
