"""export_comments: JSON lines to archive, WXR that comes back whole."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from lxml import etree

from masthead.discussion.models import Comment
from masthead.importers.word_check import article_body_html, visible_words
from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(post, article):
    first = post("The harbour *plan* is late.", name="Ann")
    reply = post("It is.", name="Bo", parent=first)
    post("Since when?", name="Cy", parent=reply)
    post("A second point.", name="Di")
    return article


def test_json_lines_hold_every_comment_with_its_parent_and_article(thread, tmp_path):
    output = tmp_path / "comments.jsonl"
    call_command("export_comments", "--format", "json", "--output", str(output))

    lines = [json.loads(line) for line in output.read_text().splitlines()]
    by_name = {line["author_name"]: line for line in lines}
    assert len(lines) == 4
    assert by_name["Bo"]["parent_id"] == by_name["Ann"]["id"]
    assert by_name["Ann"]["article_url"].endswith(thread.url)
    assert by_name["Ann"]["text"] == "The harbour *plan* is late."
    assert by_name["Ann"]["html"] == "<p>The harbour <em>plan</em> is late.</p>"
    assert by_name["Ann"]["created"].endswith("+00:00")
    assert by_name["Ann"]["source"] is None and by_name["Ann"]["status"] == "approved"
    assert set(by_name["Ann"]) == {
        "id", "parent_id", "article_url", "author_name", "author_email",
        "author_url", "created", "status", "text", "html", "source",
    }  # fmt: skip


def test_wxr_export_imports_back_to_the_same_articles_and_threads(
    thread, make_article, tmp_path
):
    make_article("No comments yet", body=[("paragraph", "<p>Quiet.</p>")])
    output = tmp_path / "site.xml"
    call_command("export_comments", "--format", "wxr", "--output", str(output))
    before = _shapes()
    titles = sorted(ArticlePage.objects.values_list("title", flat=True))
    ArticlePage.objects.all().delete()

    report = import_wordpress(path=output)

    assert not report.problems
    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == titles
    assert _shapes() == before
    quiet = ArticlePage.objects.get(title="No comments yet")
    assert quiet.body[0].value.source == "<p>Quiet.</p>"


def _shapes() -> set[tuple]:
    """Each comment as (article, author, words, parent's author): the thread's shape."""
    return {
        (
            c.discussion.article.title,
            c.author_name,
            c.html,
            c.parent.author_name if c.parent else None,
            c.status,
        )  # fmt: skip
        for c in Comment.objects.select_related("discussion__article", "parent")
    }


def test_wxr_export_carries_every_field_wordpress_itself_always_writes(
    thread, tmp_path
):
    """WordPress's own export (the theme unit test file) is the pattern: every
    element that WordPress writes for every post and every comment, and the
    channel's version and site addresses, are in ours too."""
    from pathlib import Path

    from lxml import etree

    wordpress_export = (
        Path(__file__).resolve().parent
        / "data/wordpress/wordpress-importer_theme-unit-test-data.xml"
    )
    output = tmp_path / "site.xml"
    call_command("export_comments", "--format", "wxr", "--output", str(output))

    theirs, ours = etree.parse(str(wordpress_export)), etree.parse(str(output))
    assert _always_present(theirs, "item") <= _always_present(ours, "item")
    assert _always_present(theirs, "comment") <= _always_present(ours, "comment")
    channel = {etree.QName(child).localname for child in ours.find("channel")}
    assert {"wxr_version", "base_site_url", "base_blog_url", "title", "link"} <= channel
    assert ours.getroot().nsmap["wp"] == "http://wordpress.org/export/1.2/"


def _always_present(tree, element: str) -> set[str]:
    """Child names (prefix and local name) that every such element has."""
    from lxml import etree

    found = [
        node
        for node in tree.iter()
        if isinstance(node.tag, str) and etree.QName(node).localname == element
    ]
    names = [
        {
            (child.prefix or "") + ":" + etree.QName(child).localname
            for child in node
            if isinstance(child.tag, str)
        }
        for node in found
    ]
    return set.intersection(*names) if names else set()


def test_wxr_export_of_names_ending_in_a_bracket_imports_back_whole(
    post, article, tmp_path
):
    """lxml's CDATA writer crashed, or wrote freed memory, on text ending in "]"."""
    ArticlePage.objects.filter(pk=article.pk).update(title="Budget [updated]")
    for number in range(30):
        post(f"Point {number} [see above]", name=f"Ann [editor {number}]")
    post("A literal ]]> and <![CDATA[ inside, and 🦜 too ]", name="Bo ]]>")
    output = tmp_path / "site.xml"
    call_command("export_comments", "--format", "wxr", "--output", str(output))
    assert b"\x00" not in output.read_bytes()
    before = _shapes()
    ArticlePage.objects.all().delete()

    report = import_wordpress(path=output)

    assert not report.problems and _shapes() == before
    assert Comment.objects.filter(author_name="Ann [editor 29]").exists()
    bo = Comment.objects.get(author_name="Bo ]]>")
    assert bo.text == "<p>A literal ]]&gt; and &lt;![CDATA[ inside, and 🦜 too ]</p>"


def test_characters_xml_cannot_hold_are_left_out_and_counted(
    post, article, tmp_path, capsys
):
    post("Fine.", name="Ann")
    # NUL only where the database can store it: PostgreSQL refuses it in text.
    nul = "\x00" if connection.vendor != "postgresql" else ""
    Comment.objects.update(
        author_name=f"Ann{nul}\x07", text=f"Bell\x07 escape\x1b done{nul}",
        text_format="html",
    )  # fmt: skip
    output = tmp_path / "site.xml"
    call_command("export_comments", "--format", "wxr", "--output", str(output))

    assert f"Left out {3 + 2 * len(nul)} characters" in capsys.readouterr().err
    ArticlePage.objects.all().delete()
    import_wordpress(path=output)
    comment = Comment.objects.get()
    assert (comment.author_name, comment.text) == ("Ann", "Bell escape done")


def test_an_export_whose_file_does_not_read_back_fails_and_leaves_no_file(
    thread, tmp_path, monkeypatch
):
    """A half-written file (here: cut off after one item) is never reported as
    written, and the previous export at that path stays as it was."""
    from masthead.importers.export_files import Written
    from masthead.importers.management.commands import export_comments

    def half_written(*, output):
        output.write('<?xml version="1.0"?><rss><channel><item><title>A')
        return Written(articles=1, comments=4)

    monkeypatch.setitem(
        export_comments.FORMATS, "wxr", (half_written, export_comments.check_wxr)
    )
    output = tmp_path / "site.xml"
    output.write_text("yesterday's export")

    with pytest.raises(CommandError, match="does not parse.*Nothing was written"):
        call_command("export_comments", "--format", "wxr", "--output", str(output))

    assert output.read_text() == "yesterday's export"
    assert [path.name for path in tmp_path.iterdir()] == ["site.xml"]


def test_an_export_that_breaks_off_leaves_no_file(thread, tmp_path, monkeypatch):
    def broken(*, output):
        output.write('{"id": 1}\n')
        raise KeyboardInterrupt

    from masthead.importers.management.commands import export_comments

    monkeypatch.setitem(
        export_comments.FORMATS, "json", (broken, export_comments.check_json_lines)
    )
    with pytest.raises(CommandError, match="Interrupted; nothing was written"):
        call_command("export_comments", "--output", str(tmp_path / "c.jsonl"))

    assert list(tmp_path.iterdir()) == []


def test_a_json_export_that_does_not_read_back_fails(thread, tmp_path, monkeypatch):
    from masthead.importers.export_files import Written
    from masthead.importers.management.commands import export_comments

    def cut_off(*, output):
        output.write('{"id": 1}\n{"id": 2, "text": "It w\n')
        return Written(comments=2)

    monkeypatch.setitem(
        export_comments.FORMATS, "json", (cut_off, export_comments.check_json_lines)
    )
    with pytest.raises(CommandError, match="Line 2 of the JSON written"):
        call_command("export_comments", "--output", str(tmp_path / "c.jsonl"))

    assert list(tmp_path.iterdir()) == []


def test_an_export_to_a_missing_folder_is_a_clear_error(thread, tmp_path):
    with pytest.raises(CommandError, match="There is no folder"):
        call_command("export_comments", "--output", str(tmp_path / "no" / "c.jsonl"))


def test_wxr_export_to_standard_output_is_the_checked_file(thread, capfdbinary):
    call_command("export_comments", "--format", "wxr")

    captured = capfdbinary.readouterr()
    root = etree.fromstring(captured.out)
    assert len(root.findall(".//{http://wordpress.org/export/1.2/}comment")) == 4
    assert b"Wrote 4 comments on 1 articles" in captured.err


def test_scheduled_and_draft_articles_come_back_with_their_status_and_date(
    make_article, tmp_path
):
    go_live = timezone.now().replace(microsecond=0) + timedelta(days=30)
    scheduled = make_article("Election night plan", publish=False, go_live_at=go_live)
    scheduled.get_latest_revision().publish()
    draft = make_article("Half-written profile", publish=False)
    written_at = datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)
    ArticlePage.objects.filter(pk=draft.pk).update(
        latest_revision_created_at=written_at
    )
    output = tmp_path / "site.xml"
    call_command("export_comments", "--format", "wxr", "--output", str(output))
    ArticlePage.objects.all().delete()

    import_wordpress(path=output)

    scheduled = ArticlePage.objects.get(title="Election night plan")
    assert not scheduled.live and scheduled.status_string == "scheduled"
    assert scheduled.go_live_at == go_live
    draft = ArticlePage.objects.get(title="Half-written profile")
    assert not draft.live and draft.status_string == "draft"
    assert draft.published_at == written_at


def test_an_export_to_a_folder_it_cannot_write_in_is_a_clear_error(
    thread, tmp_path, monkeypatch
):
    def refused(**kwargs):
        raise PermissionError(13, "Permission denied", kwargs["dir"])

    monkeypatch.setattr("tempfile.mkstemp", refused)
    with pytest.raises(CommandError, match="could not be started.*Permission"):
        call_command("export_comments", "--output", str(tmp_path / "c.jsonl"))


def test_an_export_over_a_folder_is_a_clear_error_and_leaves_nothing(thread, tmp_path):
    (tmp_path / "c.jsonl").mkdir()

    with pytest.raises(CommandError, match="could not be written"):
        call_command("export_comments", "--output", str(tmp_path / "c.jsonl"))

    assert [path.name for path in tmp_path.iterdir()] == ["c.jsonl"]


def test_every_kind_of_body_block_comes_back_the_same_from_a_wxr_export(
    make_article, make_image, settings, tmp_path
):
    """Exported to WXR and imported into a site with no articles, the body has
    the same blocks with the same values, and a reader sees the same words."""
    quay, ferry, still = make_image("quay"), make_image("ferry"), make_image("still")
    article = make_article("Every block", body=_every_block(quay, ferry, still))
    before = _body_blocks(article)
    words = visible_words(article_body_html(article.body))
    output = tmp_path / "site.xml"
    call_command("export_comments", "--format", "wxr", "--output", str(output))
    ArticlePage.objects.all().delete()

    # Image addresses are /media/...: the folder above the media root holds them.
    report = import_wordpress(path=output, media_dir=settings.MEDIA_ROOT.parent)

    assert not report.problems
    imported = ArticlePage.objects.get(title="Every block")
    assert _body_blocks(imported) == before
    assert visible_words(article_body_html(imported.body)) == words


def _every_block(quay, ferry, still) -> list[dict]:
    def cell(text, *, heading=False, colspan=1, rowspan=1):
        return {"text": text, "is_heading": heading, "colspan": colspan,
                "rowspan": rowspan}  # fmt: skip

    def image(picture, caption, alt):
        return {"image": picture.pk, "caption": caption, "alt": alt}

    blocks = [
        ("paragraph", '<p>The <b>quay</b> [1] opens; see <a href="https://n.example/">'
                      "this</a>.</p>"),
        ("quotation", {"text": "We will rebuild.", "source_name": "The mayor",
                       "date": "", "link": ""}),
        ("image", image(quay, "The quay at dawn [gallery]", 'Cranes & "boats"')),
        ("gallery", {"images": [image(quay, "Before", "Empty quay"),
                                image(ferry, "", "")],
                     "caption": "The quay, then and now"}),
        ("video", {"url": "https://www.youtube.com/watch?v=abc123",
                   "still": still.pk, "caption": "The opening"}),
        ("video", {"url": "https://vimeo.com/123", "still": None, "caption": ""}),
        ("audio", {"url": "https://audio.example/harbour%20talk.mp3",
                   "caption": "The mayor's speech"}),
        ("code", {"language": "python",
                  "code": "    if a < b && c:\n\n        print('[code]</pre>')"}),
        ("code", {"language": "", "code": "plain text"}),
        ("table", {
            "header_rows": 1,
            "footer_rows": 1,
            "caption": "Sailings & fares",
            "rows": [
                [cell("Route", heading=True), cell("Fare", heading=True, colspan=2)],
                # A heading row inside the body stays out of the header.
                [cell("Weekdays", heading=True, colspan=3)],
                [cell("<b>Bay</b>", heading=True), cell("£3"), cell("")],
                [cell("Isle", rowspan=2), cell("£5"), cell("<i>new</i>")],
                [cell("Total", heading=True), cell("£8", colspan=2)],
            ],
        }),
    ]  # fmt: skip
    return [{"type": kind, "value": value} for kind, value in blocks]


def _body_blocks(article) -> list[tuple]:
    """Each block's type and value, images by title, list items without their ids."""
    return [
        (child.block_type, _plain(child.block.get_prep_value(child.value)))
        for child in ArticlePage.objects.get(pk=article.pk).body
    ]


def _plain(value, key=""):
    from wagtail.images import get_image_model

    if key in ("image", "still") and value is not None:
        return get_image_model().objects.get(pk=value).title
    if isinstance(value, dict) and set(value) == {"type", "value", "id"}:
        return _plain(value["value"])
    if isinstance(value, dict):
        return {name: _plain(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
