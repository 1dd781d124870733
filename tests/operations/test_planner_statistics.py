"""The daily chores refresh the query planner's statistics."""

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_command_gives_sqlite_statistics_about_the_comments(post, capsys):
    post("A first comment.")
    call_command("refresh_planner_statistics")
    assert "Planner statistics refreshed." in capsys.readouterr().out
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'discussion_comment'")
        indexes = {row[0] for row in cursor.fetchall()}
    # The queue reads this index; without its statistics SQLite guessed wrong.
    assert "comment_queue_idx" in indexes


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_command_marks_bulk_written_comments_all_visible(post):
    """The queue's capped counts read only the index once the table's pages
    are marked all-visible; rows written in bulk are not until a vacuum."""
    if connection.vendor != "postgresql":
        pytest.skip("the visibility map is PostgreSQL's")
    for number in range(20):
        post(f"Comment number {number}.")
    call_command("refresh_planner_statistics")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, relallvisible FROM pg_class"
            " WHERE relname = 'discussion_comment'"
        )
        pages, all_visible = cursor.fetchone()
    assert pages > 0
    assert all_visible == pages
