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
