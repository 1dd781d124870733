"""A re-run after an interruption leaves what a whole run leaves; the word check
reads the raw post itself; articles that are not live get no redirect."""

import json
import os
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from masthead.importers import articles, post_html
from masthead.importers.raw_post import independent_rendering
from masthead.importers.word_check import visible_words
from masthead.importers.wordpress import import_wordpress

pytestmark = pytest.mark.django_db


def _three_posts(wxr_item) -> list[str]:
    return [
        wxr_item(1, title="Ferry", tag="ferry").replace(
            'nicename="ferry"', 'nicename="ferry"'
        ),
        wxr_item(2, title="Quay", tag="Quay works").replace(
            'nicename="ferry"', 'nicename="quay-works"'
        ),
        wxr_item(3, title="Bridge", tag="Bridge").replace(
            'nicename="ferry"', 'nicename="bridge"'
        ),
    ]


def test_a_run_after_an_interruption_redirects_every_tag_archive_and_reports_all(
    home, tmp_path, write_wxr, wxr_item, monkeypatch, client
):
    export = write_wxr(*_three_posts(wxr_item))
    import_article = articles.import_article

    def interrupted_at_the_third(*, post, **kwargs):
        if post.post_id == "3":
            raise KeyboardInterrupt
        return import_article(post=post, **kwargs)

    monkeypatch.setattr("masthead.importers.wordpress.import_article",
                        interrupted_at_the_third)  # fmt: skip
    with pytest.raises(KeyboardInterrupt):
        import_wordpress(path=export)
    monkeypatch.undo()

    call_command("import_wordpress", str(export), "--report",
                 str(tmp_path / "report.json"), stdout=StringIO())  # fmt: skip

    for old_slug in ("ferry", "quay-works", "bridge"):
        response = client.get(f"/tag/{old_slug}/")
        assert response.status_code == 301, old_slug
        assert client.get(response["Location"]).status_code == 200
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    rows = {row["title"]: row for row in document["articles"]}
    assert {title: row["imported_by"] for title, row in rows.items()} == {
        "Ferry": "an earlier run", "Quay": "an earlier run", "Bridge": "this run",
    }  # fmt: skip
    assert all(row["source_words"] == row["kept_words"] == 2 for row in rows.values())
    assert rows["Ferry"]["new_url"] == "/local-news/post-1/"
    assert document["totals"]["articles"] == 3
    assert document["totals"]["words in the old posts"] == 6
    redirected = {row["old_path"] for row in document["redirects"]}
    assert {"/2020/05/post-1", "/?p=1", "/2020/05/post-3", "/?p=3"} <= redirected


def test_a_shortcode_the_renderer_drops_shows_as_lost_words(
    home, write_wxr, wxr_item, monkeypatch
):
    # A renderer bug: captions come out as the image alone.
    monkeypatch.setattr(post_html.PostRenderer, "_caption", lambda self, code: "")
    content = (
        '[caption id="attachment_9" width="300"]<img src="https://x.example/a.jpg" '
        'alt="" /> The quay at dawn[/caption]\n\nBoats leave hourly.'
    )

    report = import_wordpress(path=write_wxr(wxr_item(1, content=content)))

    assert report.counts["words lost"] == 4
    assert report.articles[0].lost_passages == ("The quay at dawn",)


@pytest.mark.parametrize(  # noqa: E501 (one case a line reads best)
    ("content", "words"),
    [
        ("<p>One <b>two</b></p>", "One two"),
        (
            '[caption caption="The <em>quay</em>"]<img src="a.jpg">[/caption]',
            "The quay",
        ),
        ("[tabs][tab]First[/tab][/tabs] after", "First after"),
        (
            "Keep [sic] and [simple boat] and [[gallery]]",
            "Keep [sic] and [simple boat] and [gallery]",
        ),
        (
            '[code lang="c"]#include <stdio.h>\nint x;[/code]',
            "#include <stdio.h> int x;",
        ),
        ("[code]never closed <b>x</b> [python]y[/python]", "never closed x y"),
        (
            "Watch:\nhttps://www.youtube.com/watch?v=1\n[embed]https://vimeo.com/2[/embed]",
            "Watch:",
        ),
        ("<!-- wp:paragraph --><p>Block</p><!-- /wp:paragraph -->", "Block"),
        ('<p>Dawn<sup data-fn="a"><a href="#a"></a></sup>.</p>', "Dawn1."),
        ("a\x01b [unclosed and <script>hidden()</script>", "ab [unclosed and"),
    ],
)
def test_the_raw_post_is_read_without_the_importers_renderer(content, words):
    assert " ".join(visible_words(independent_rendering(content))) == words


def test_reading_the_raw_post_stays_linear_on_hostile_brackets():
    # Thousands of unclosed code shortcodes and bracket runs: one pass each.
    hostile = "[code]x " * 20_000 + "[a " * 20_000 + "[[b]" * 20_000
    assert len(independent_rendering(hostile)) > 100_000


def test_old_addresses_of_an_article_that_is_not_live_are_listed_not_redirected(
    home, write_wxr, wxr_item, client
):
    report = import_wordpress(
        path=write_wxr(
            wxr_item(7, title="Unfinished", status="draft"),
            wxr_item(8, title="Done"),
        )
    )

    assert client.get("/2020/05/post-7/").status_code == 404
    assert client.get("/?p=7").status_code == 200  # the home page, as asked
    assert client.get("/?p=8").status_code == 301
    unredirected = {row.old_path: row.reason for row in report.unredirected}
    assert unredirected["/2020/05/post-7"] == "draft - not redirected"
    assert unredirected["/?p=7"] == "draft - not redirected"
    assert not any("post-7" in row.old_path or row.old_path.endswith("p=7")
                   for row in report.redirects)  # fmt: skip


def test_the_wxr_export_file_gets_the_usual_permissions(home, tmp_path):
    output = tmp_path / "site.xml"
    kept = os.umask(0o022)
    try:
        call_command("export_comments", "--format", "wxr", "--output", str(output))
    finally:
        os.umask(kept)

    assert stat.S_IMODE(output.stat().st_mode) == 0o644


def test_an_import_before_the_tables_exist_is_a_clear_error(
    home, write_wxr, wxr_item, monkeypatch
):
    def no_table(**kwargs):
        raise OperationalError("no such table: masthead_cache")

    monkeypatch.setattr(
        "masthead.importers.management.commands.import_wordpress.import_wordpress",
        no_table,
    )
    with pytest.raises(CommandError, match="createcachetable"):
        call_command("import_wordpress", str(write_wxr(wxr_item(1))), stdout=StringIO())
