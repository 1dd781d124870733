"""Move an install's data from one database (SQLite) to an empty PostgreSQL one.

The target is migrated first so its schema is exactly this Masthead's, then
emptied of the rows migrations put there (content types, permissions, the
first pages: their ids would differ from the source's), and every row is
copied with its primary key as it is, so every reference stays true.
"""

import os
import subprocess
import sys
from dataclasses import dataclass

from django.conf import settings
from django.core.management.color import no_style
from django.db import connections, models, transaction

from masthead.progress import ReportProgress, report_nothing

from .database_aliases import DatabaseUnreachable, database_config, temporary_database
from .planner_statistics import refresh_planner_statistics
from .tables import count_rows, data_models, has_content

BATCH_SIZE = 1000
TARGET_ALIAS = "copy_target"


class CopyError(Exception):
    """The copy cannot start; the message tells the operator why."""


@dataclass(frozen=True)
class TableCount:
    table: str
    source_rows: int
    target_rows: int

    @property
    def matches(self) -> bool:
        return self.source_rows == self.target_rows


def copy_database(
    *,
    target_url: str,
    source: str = "default",
    batch_size: int = BATCH_SIZE,
    progress: ReportProgress = report_nothing,
) -> list[TableCount]:
    """Copy every data table from alias `source` to the PostgreSQL at `target_url`.

    Raises CopyError when the URL is not PostgreSQL's, the target already has
    content, or a management step on the target fails. Returns both
    databases' row counts, table by table, after the copy; the search index
    is rebuilt on the target rather than copied.
    """
    try:
        config = database_config(target_url)
    except ValueError as error:
        raise CopyError(str(error)) from error
    try:
        with temporary_database(TARGET_ALIAS, config) as target:
            return _copy_into(
                target,
                target_url,
                source=source,
                batch_size=batch_size,
                progress=progress,
            )
    except DatabaseUnreachable as error:
        raise CopyError(str(error)) from error


def _copy_into(
    target: str,
    target_url: str,
    *,
    source: str,
    batch_size: int,
    progress: ReportProgress,
) -> list[TableCount]:
    if connections[target].vendor != "postgresql":
        raise CopyError("copy_database copies into PostgreSQL only.")
    if has_content(using=target):
        raise CopyError(
            "The target database already holds content. Copy into an empty "
            "database (createdb a new one)."
        )
    progress("Migrating the target", 0, 1)
    # The copy command has run the system checks already.
    _manage_target(target_url, "migrate", "--noinput", "--skip-checks")
    _manage_target(target_url, "createcachetable")
    progress("Migrating the target", 1, 1)
    _copy_rows(source=source, target=target, batch_size=batch_size, progress=progress)
    progress("Rebuilding the search index", 0, 1)
    _manage_target(target_url, "update_index", "--skip-checks")
    progress("Rebuilding the search index", 1, 1)
    # Every row arrived at once: without statistics and a vacuum the planner
    # guesses, and the queue's counts read table pages besides their index.
    refresh_planner_statistics(using=target)
    return compare_row_counts(source=source, target=target)


def _copy_rows(
    *, source: str, target: str, batch_size: int, progress: ReportProgress
) -> None:
    tables = data_models()
    # One transaction: Django's foreign keys on PostgreSQL are DEFERRABLE
    # INITIALLY DEFERRED, so rows may arrive in any order and are checked at
    # commit; a failure leaves the target as migrate made it.
    with transaction.atomic(using=target):
        _empty_tables(target=target, tables=tables)
        for done, model in enumerate(tables, start=1):
            _copy_table(model, source=source, target=target, batch_size=batch_size)
            progress("Copying tables", done, len(tables))
        _reset_sequences(target=target, tables=tables)


def _manage_target(target_url: str, *command: str) -> None:
    """Run a management command with the target as the default database.

    Wagtail's data migrations (the first pages, groups, collections) write
    through the default database whatever `migrate --database` says, so
    migrating through a second alias would write into the source instead.
    """
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *command],
        env={**os.environ, "DATABASE_URL": target_url},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CopyError(
            f"`manage.py {' '.join(command)}` on the target failed:\n"
            f"{result.stderr.strip()[-2000:]}"
        )


def compare_row_counts(*, source: str, target: str) -> list[TableCount]:
    """Rows per data table in both databases, in table-name order."""
    source_counts = count_rows(using=source)
    target_counts = count_rows(using=target)
    return [
        TableCount(table, source_counts[table], target_counts.get(table, 0))
        for table in sorted(source_counts)
    ]


def _empty_tables(*, target: str, tables: list[type[models.Model]]) -> None:
    connection = connections[target]
    names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def _copy_table(
    model: type[models.Model], *, source: str, target: str, batch_size: int
) -> None:
    """Copy one table's own columns, converting each value between the backends.

    Values are read through the ORM (so SQLite's 0/1 become booleans and its
    text dates become datetimes) and written with each field's own
    preparation for the target, in batches of `batch_size` rows.
    """
    fields = model._meta.local_concrete_fields
    target_connection = connections[target]
    quote = target_connection.ops.quote_name
    insert = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the registry)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = (
        model._base_manager.using(source)
        .order_by("pk")
        .values_list(*(field.attname for field in fields))
        .iterator(chunk_size=batch_size)
    )
    batch = []
    with target_connection.cursor() as cursor:
        for row in rows:
            batch.append(
                [
                    field.get_db_prep_save(value, connection=target_connection)
                    for field, value in zip(fields, row, strict=True)
                ]
            )
            if len(batch) == batch_size:
                cursor.executemany(insert, batch)
                batch = []
        if batch:
            cursor.executemany(insert, batch)


def _reset_sequences(*, target: str, tables: list[type[models.Model]]) -> None:
    """Move each id sequence past the copied ids, so the next insert does not clash."""
    connection = connections[target]
    statements = connection.ops.sequence_reset_sql(no_style(), tables)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
