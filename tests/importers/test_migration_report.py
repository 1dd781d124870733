"""The migration report: `import_wordpress FILE --report report.html|.json`."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from masthead.importers import articles

THEME_TEST = (
    Path(__file__).parent
    / "data"
    / "wordpress"
    / "wordpress-importer_theme-unit-test-data.xml"
)
TOTALS_IN_SUMMARY = ("words in the old posts", "words on the new pages", "words lost")


def _import(export: Path, report: Path) -> str:
    out = StringIO()
    call_command("import_wordpress", str(export), report=report, stdout=out)
    return out.getvalue()


def _summary_count(summary: str, name: str) -> int:
    found = re.search(rf"{re.escape(name)}\s+([\d,]+)", summary)
    assert found, f"{name!r} is not in the summary"
    return int(found[1].replace(",", ""))


@pytest.fixture
def paragraph_dropped(monkeypatch):
    """The conversion loses the paragraph "The ferry is late.", as a bug would."""
    convert_body = articles.convert_body

    def dropping_a_paragraph(*args, **kwargs):
        body = convert_body(*args, **kwargs)
        for block in body.blocks:
            block["value"] = block["value"].replace("<p>The ferry is late.</p>", "")
        return body

    monkeypatch.setattr(articles, "convert_body", dropping_a_paragraph)


@pytest.mark.django_db
def test_the_json_report_lists_every_article_with_the_summary_totals(home, tmp_path):
    summary = _import(THEME_TEST, tmp_path / "report.json")

    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    for name in TOTALS_IN_SUMMARY:
        assert document["totals"][name] == _summary_count(summary, name)
    assert document["totals"]["articles"] == _summary_count(summary, "articles created")
    assert document["totals"]["old addresses redirected"] == _summary_count(
        summary, "old addresses redirected"
    )
    rows = document["articles"]
    assert len(rows) == document["totals"]["articles"] > 20
    assert all(row["old_url"] and row["new_url"] for row in rows)
    assert sum(row["source_words"] for row in rows) > 1000
    assert any(row["shortcodes"].get("gallery") for row in rows)
    assert any(row["block_kinds"].get("table") for row in rows)
    # No uploads folder was given: images stay as links, and the rows say so.
    kept_as_links = "images not in the uploads folder kept as links"
    assert any(row["approximations"].get(kept_as_links) for row in rows)
    redirects = {row["old_path"]: row["new_url"] for row in document["redirects"]}
    assert any(re.fullmatch(r"/\?p=\d+", old) for old in redirects)
    assert all(redirects.values())


@pytest.mark.django_db
def test_the_html_report_is_a_self_contained_page_with_the_same_totals(home, tmp_path):
    summary = _import(THEME_TEST, tmp_path / "report.html")

    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for name in TOTALS_IN_SUMMARY:
        amount = f"{_summary_count(summary, name):,}"
        assert f"<tr><th>{name}</th><td>{amount}</td></tr>" in page
    assert "<script" not in page and "src=" not in page and "href=" not in page
    # The theme test's title with every special character, escaped.
    assert "Markup: Title With Special Characters ~`!@#$%^&amp;*()" in page
    assert "Migration report written to" in summary


@pytest.mark.django_db
def test_hostile_titles_and_addresses_are_escaped_in_the_html_report(
    home, tmp_path, write_wxr, wxr_item
):
    hostile = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
    export = write_wxr(wxr_item(7, title=hostile))

    _import(export, tmp_path / "report.html")

    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x" in page


@pytest.mark.django_db
def test_a_post_that_loses_words_shows_its_lost_passage(
    home, tmp_path, write_wxr, wxr_item, paragraph_dropped
):
    export = write_wxr(
        wxr_item(1, content="The quay is open.\n\nThe ferry is late."),
        wxr_item(2, content="Nothing lost here."),
    )

    summary = _import(export, tmp_path / "report.json")
    _import(export, tmp_path / "again.json")  # already imported: listed again

    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    lossy, whole = document["articles"]
    assert lossy["lost_words"] == 4 and lossy["lost_passages"] == ["The ferry is late."]
    assert whole["lost_words"] == 0 and whole["lost_passages"] == []
    assert document["totals"]["words lost"] == 4
    assert _summary_count(summary, "words lost") == 4
    assert document["totals"]["articles with lost words"] == 1
    again = json.loads((tmp_path / "again.json").read_text())["articles"]
    assert [(row["imported_by"], row["lost_words"]) for row in again] == [
        ("an earlier run", 4), ("an earlier run", 0),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_lost_passage_is_shown_in_the_html_report(
    home, tmp_path, write_wxr, wxr_item, paragraph_dropped
):
    export = write_wxr(wxr_item(1, content="The quay is open.\n\nThe ferry is late."))

    _import(export, tmp_path / "report.html")

    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<tr class="lost">' in page
    assert "<li>4 words</li><li>“The ferry is late.”</li>" in page


@pytest.mark.django_db
def test_long_tag_and_commenter_names_are_counted_and_kept_whole_in_the_report(
    home, tmp_path, write_wxr, wxr_item, wxr_comment
):
    tag, name = "Harbour " * 13 + "end", "Ann " * 20 + "Lee"  # 107 and 83 characters
    export = write_wxr(
        wxr_item(5, title="Ferry", tag=tag, comments=wxr_comment(1, author=name))
    )

    summary = _import(export, tmp_path / "report.json")

    assert _summary_count(summary, "tag names shortened to 100 characters") == 1
    assert _summary_count(summary, "commenter names shortened to 80 characters") == 1
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    reasons = [problem["reason"] for problem in document["problems"]]
    assert [reason for reason in reasons if "shortened" in reason] == [
        f"post 5 (Ferry) has a tag longer than 100 characters, shortened: {tag}",
        "comment wordpress:5:1 on article "
        f"{articles.ArticlePage.objects.get().pk}: its author's name is longer "
        f"than 80 characters and was shortened: {name}",
    ]


@pytest.mark.parametrize("name", ["report.txt", "report", "missing/report.json"])
@pytest.mark.django_db
def test_a_report_path_that_cannot_be_written_stops_before_importing(
    home, tmp_path, write_wxr, wxr_item, name
):
    export = write_wxr(wxr_item(1))

    with pytest.raises(CommandError, match="report"):
        call_command("import_wordpress", str(export), report=tmp_path / name)

    assert not articles.ArticlePage.objects.exists()
