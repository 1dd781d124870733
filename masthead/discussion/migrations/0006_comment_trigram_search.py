"""On PostgreSQL, trigram indexes for the moderation queue's text and author filters.

The queue filters with `icontains`, which PostgreSQL runs as
UPPER(column) LIKE UPPER('%words%'): no ordinary index helps, and at a
million comments each filtered page read the whole table. A GIN trigram
index on the same UPPER(column) expression answers it from the index.

pg_trgm ships with PostgreSQL and is a trusted extension (13 and later): the
database's owner may create it. Where that is refused, the filters still
work, scanning as before, and the migration says so. SQLite is left as it is.
"""

from django.db import migrations

INDEXED = {
    "comment_text_trgm_idx": "text",
    "comment_author_name_trgm_idx": "author_name",
    "comment_author_email_trgm_idx": "author_email",
}


def create_trigram_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT masthead_trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as refused:  # noqa: BLE001 - any refusal means "no index"
            cursor.execute("ROLLBACK TO SAVEPOINT masthead_trgm")
            print(
                "\n  PostgreSQL refused the pg_trgm extension "
                f"({str(refused).strip()}); the moderation queue's text filter "
                "will scan the comments instead."
            )
            return
        for name, column in INDEXED.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON discussion_comment "
                f'USING gin (UPPER("{column}") gin_trgm_ops)'
            )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXED:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("discussion", "0005_comment_author_and_queue_indexes")]

    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
