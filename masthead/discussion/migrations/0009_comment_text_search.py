"""A full-text index for the moderation queue's text filter, on either database.

The filter used to run `icontains`, a LIKE over every comment: at a million
comments a filtered page took seconds on SQLite. It now looks words up in an
index (see masthead/discussion/text_search.py for how it is queried):

- SQLite: an FTS5 table over the comments' text, kept in step by triggers on
  every insert, edit and delete, whoever writes the row (posting, imports,
  bulk loads, restores). It stores only the index, not a second copy of the
  text ("external content"). Filling it reads every comment once. A SQLite
  built without FTS5 gets no table, and the filter scans as before.
- PostgreSQL: a GIN index on the text's words (the 'simple' configuration:
  no stemming and no stop words, since readers write in any language). The
  trigram index on the text, which served `icontains`, is dropped: nothing
  reads it any more and every posted comment paid to update it.
"""

from django.db import migrations

FTS_TABLE = "discussion_comment_fts"
SQLITE_CREATE = [
    # unicode61 folds case and, with remove_diacritics 2, accents: "cafe"
    # finds "Café", as a moderator typing in a hurry expects.
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='discussion_comment',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON discussion_comment BEGIN"
    f" INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END",
    # An external-content index forgets a row by being told its old words.
    f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON discussion_comment BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text)"
    " VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF text ON discussion_comment"
    f" BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text)"
    " VALUES ('delete', old.id, old.text);"
    f" INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_INDEX = "comment_text_search_idx"
POSTGRES_TRIGRAM_INDEX = "comment_text_trgm_idx"


def create_text_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        _create_sqlite_index(connection)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON discussion_comment"
                " USING gin (to_tsvector('simple'::regconfig, text))"
            )
            cursor.execute(f"DROP INDEX IF EXISTS {POSTGRES_TRIGRAM_INDEX}")


def _create_sqlite_index(connection):
    from django.db import OperationalError

    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT masthead_fts")
        try:
            for statement in SQLITE_CREATE:
                cursor.execute(statement)
        except OperationalError as refused:
            cursor.execute("ROLLBACK TO SAVEPOINT masthead_fts")
            print(
                f"\n  This SQLite has no full-text search ({refused}); the "
                "moderation queue's text filter will scan the comments instead."
            )
        cursor.execute("RELEASE SAVEPOINT masthead_fts")


def drop_text_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")
            cursor.execute(
                "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"
            )
            if cursor.fetchone():
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {POSTGRES_TRIGRAM_INDEX} ON"
                    ' discussion_comment USING gin (UPPER("text") gin_trgm_ops)'
                )


class Migration(migrations.Migration):
    dependencies = [("discussion", "0008_discussion_page_layout")]

    operations = [migrations.RunPython(create_text_index, drop_text_index)]
