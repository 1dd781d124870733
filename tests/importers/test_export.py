"""export_comments: JSON lines to archive, WXR that comes back whole."""

import json

import pytest
from django.core.management import call_command

from masthead.discussion.models import Comment
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
        Path(__file__).resolve().parents[3]
        / "shared/corpora/wordpress/wordpress-importer_theme-unit-test-data.xml"
    )
    if not wordpress_export.exists():
        pytest.skip(f"WordPress's own export is not at {wordpress_export}")
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
