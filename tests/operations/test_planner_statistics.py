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
