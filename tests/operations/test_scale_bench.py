"""bench/scale.py builds its sites in bulk; the site must be one posting could
have made, or the bench would time a different site from the one readers get."""

from pathlib import Path

import pytest

from masthead.discussion.models import Comment, Discussion
from masthead.discussion.posting import CommentAuthor, post_comment
from masthead.publishing.models import ArticlePage

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import scale
    import scale_site

    return scale, scale_site


def test_sizes_are_read_from_repeated_and_comma_separated_options(bench, monkeypatch):
    scale, _ = bench
    arguments = ["scale.py", "--comments", "20000,2_000", "--comments", "500"]
    monkeypatch.setattr("sys.argv", arguments)
    assert scale.parse_arguments().sizes == [500, 2000, 20000]


def test_a_bulk_built_site_serves_its_threads_and_takes_replies(bench, home, client):
    from rich.progress import Progress

    _, scale_site = bench
    growth = scale_site.Growth()
    scale_site.grow_site(growth, comments=300, progress=Progress(disable=True))

    assert Comment.objects.count() == 300
    for discussion in Discussion.objects.all():
        comments = discussion.comments
        assert discussion.comment_count == comments.approved().count()
        assert discussion.last_top_number == comments.filter(depth=0).count()
    article = ArticlePage.objects.get(pk=growth.articles[0])
    shown = article.discussion.comments.approved().order_by("thread_path").first()
    page = client.get(article.url)
    assert page.status_code == 200
    assert shown.html.encode() in page.content

    reply = post_comment(
        article=article, author=CommentAuthor(name="Ann"), text="Yes.", parent=shown
    )
    assert reply.thread_path.startswith(shown.thread_path)
