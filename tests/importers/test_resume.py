"""An import stopped half-way (Ctrl-C, a crash) finishes when run again."""

import pytest

from masthead.discussion.models import Comment, Discussion
from masthead.importers import comments as comment_batches
from masthead.importers.wordpress import import_wordpress

pytestmark = pytest.mark.django_db


def test_interrupted_import_resumes_to_the_same_result_as_a_clean_one(
    home, corpora, monkeypatch
):
    path = corpora / "wordpress" / "wordpress-importer_theme-unit-test-data.xml"
    monkeypatch.setattr(comment_batches, "BATCH_SIZE", 4)
    real_flush = comment_batches.CommentWriter.flush
    calls = []

    def flush_then_interrupt(self):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_flush(self)

    monkeypatch.setattr(comment_batches.CommentWriter, "flush", flush_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        import_wordpress(path=path)
    assert 0 < Comment.objects.count() < 29
    monkeypatch.setattr(comment_batches.CommentWriter, "flush", real_flush)

    report = import_wordpress(path=path)

    assert report.counts["comments already imported"] == 8
    resumed = _threads()
    Discussion.objects.all().delete()
    import_wordpress(path=path)
    assert _threads() == resumed
    assert Comment.objects.count() == 29


def _threads() -> list[tuple]:
    """Every comment's place: parent, depth, thread path, status and counters."""
    comments = Comment.objects.values_list(
        "source", "parent__source", "depth", "thread_path", "status"
    )
    discussions = Discussion.objects.values_list(
        "article__source", "last_top_number", "comment_count"
    )
    return sorted(comments) + sorted(discussions)
