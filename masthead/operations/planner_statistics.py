"""Keep the database's query planner informed about how big each table is.

SQLite never gathers statistics by itself: without them, at a million
comments, it guesses at join orders and index choices (the moderation queue
once sorted every held comment because of such a guess). PostgreSQL's
autovacuum gathers them, but only after enough rows changed; a bulk import
or a first big copy leaves it guessing until then.
"""

from django.db import DEFAULT_DB_ALIAS, connections

# Rows SQLite samples per index: enough for the planner's choices, and it
# keeps a daily run to a fraction of a second at millions of rows.
SQLITE_ANALYSIS_LIMIT = 1000

# PostgreSQL tables that bulk writes (imports, copies) fill faster than
# autovacuum notices; the comment table is the one every queue count reads.
VACUUMED_TABLES = ("discussion_comment",)


def refresh_planner_statistics(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Sample every table and store what the planner needs (both databases).

    On PostgreSQL the comment table is vacuumed too, unless the caller holds
    a transaction (VACUUM cannot run inside one).
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
            # Lets SQLite drop or redo what it judges stale on its own terms.
            cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            if not connection.in_atomic_block:
                # Rows written in bulk are not yet marked all-visible, so the
                # queue's capped counts, though answered from an index, read
                # every row's table page as well until a vacuum marks them.
                # On a page that is already marked this costs next to nothing.
                for table in VACUUMED_TABLES:
                    cursor.execute(f"VACUUM (ANALYZE) {table}")
            cursor.execute("ANALYZE")
