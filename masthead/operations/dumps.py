"""Consistent copies of a live database: SQLite's backup API and pg_dump.

Each engine gets a pair, dump and load, that works on files so the archive
code above them does not care which database it is.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from masthead.progress import ReportProgress, report_nothing

# Pages copied per step of SQLite's backup; small enough for a smooth
# progress bar, large enough that a big file does not take many thousands of
# steps.
SQLITE_STEP_PAGES = 256


class DumpError(Exception):
    """The database could not be dumped or loaded; the message says why."""


def dump_sqlite(
    *, source: Path, destination: Path, progress: ReportProgress = report_nothing
) -> None:
    """Copy the SQLite database at `source` to `destination`, one snapshot.

    The site may keep writing meanwhile: the copy holds one read transaction
    across every backup step, so in WAL mode writers carry on and the copy
    is the database as it was when the transaction began (without it, each
    write by another process would restart the backup from the first page).
    """
    if not source.exists():
        raise DumpError(f"There is no SQLite database at {source}.")
    with (
        closing(sqlite3.connect(source, timeout=20, isolation_level=None)) as live,
        closing(sqlite3.connect(destination)) as copy,
    ):
        live.execute("BEGIN")
        live.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        live.backup(
            copy,
            pages=SQLITE_STEP_PAGES,
            progress=lambda _status, remaining, total: progress(
                "Database", total - remaining, total
            ),
        )
        live.execute("COMMIT")


def load_sqlite(
    *, source: Path, destination: Path, progress: ReportProgress = report_nothing
) -> None:
    """Replace the SQLite database at `destination` with the copy at `source`.

    The backup API writes through SQLite's own locking and journal, so a
    database file that exists (even one in WAL mode) is replaced safely.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(source)) as copy,
        closing(sqlite3.connect(destination, timeout=20)) as live,
    ):
        copy.backup(
            live,
            pages=SQLITE_STEP_PAGES,
            progress=lambda _status, remaining, total: progress(
                "Database", total - remaining, total
            ),
        )


def dump_postgresql(
    *, config: dict, destination: Path, progress: ReportProgress = report_nothing
) -> None:
    """pg_dump the database in `config` (Django's settings) to `destination`.

    pg_dump reads inside one repeatable-read transaction, so the dump is
    consistent while the site serves.
    """
    progress("Database", 0, 1)
    _run_postgresql_tool(
        "pg_dump",
        config,
        ["--format=custom", "--no-owner", "--no-privileges", f"--file={destination}"],
    )
    progress("Database", 1, 1)


def load_postgresql(
    *, config: dict, source: Path, progress: ReportProgress = report_nothing
) -> None:
    """pg_restore `source` into the database in `config`, replacing its tables.

    --clean drops what the dump is about to create, so a database that has
    been migrated (but holds no content) takes the dump as well as a blank
    one; --single-transaction leaves it untouched if anything fails.
    """
    progress("Database", 0, 1)
    _run_postgresql_tool(
        "pg_restore",
        config,
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(source),
        ],
    )
    progress("Database", 1, 1)


def _run_postgresql_tool(tool: str, config: dict, arguments: list[str]) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise DumpError(
            f"{tool} is not on PATH. Install the PostgreSQL client tools "
            f"(Debian: apt install postgresql-client) at the server's major version."
        )
    # The password goes through the environment, not the command line, so it
    # does not show in the process list.
    environment = {**os.environ, "PGPASSWORD": str(config.get("PASSWORD") or "")}
    connection = [
        f"--dbname={config['NAME']}",
        *([f"--host={config['HOST']}"] if config.get("HOST") else []),
        *([f"--port={config['PORT']}"] if config.get("PORT") else []),
        *([f"--username={config['USER']}"] if config.get("USER") else []),
    ]
    result = subprocess.run(  # noqa: S603 (fixed tool, arguments from settings)
        [executable, *connection, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise DumpError(f"{tool} failed: {result.stderr.strip() or result.stdout}")
