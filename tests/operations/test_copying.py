import psycopg
import pytest

from masthead.discussion.models import Comment
from masthead.operations.copying import CopyError, copy_database


def test_copy_to_postgresql_keeps_every_row_and_the_site_serves_the_same_thread(
    article, post, make_postgresql_database, fetch_page
):
    first = post("The harbour plan needs a second look.")
    post("It has had three looks already.", parent=first, name="Bo")
    post("Where is the money coming from?", name="Cy")
    target_url = make_postgresql_database()

    counts = copy_database(target_url=target_url, batch_size=2)

    assert [count for count in counts if not count.matches] == []
    by_table = {count.table: count.target_rows for count in counts}
    assert by_table[Comment._meta.db_table] == 3
    status, html = fetch_page(article.url, DATABASE_URL=target_url)
    assert status == 200
    assert (
        html.index("needs a second look")
        < html.index("three looks already")
        < html.index("Where is the money")
    )
    # Vacuumed after the copy: the queue's counts are answered from indexes.
    with psycopg.connect(target_url) as target:
        pages, all_visible = target.execute(
            "SELECT relpages, relallvisible FROM pg_class"
            " WHERE relname = 'discussion_comment'"
        ).fetchone()
    assert pages > 0
    assert all_visible == pages
    with pytest.raises(CopyError, match="already holds content"):
        copy_database(target_url=target_url)


def test_copy_refuses_a_target_that_is_not_postgresql(db, tmp_path):
    with pytest.raises(CopyError, match="PostgreSQL only"):
        copy_database(target_url=f"sqlite:///{tmp_path / 'other.sqlite3'}")
