"""The throw-away install bench/scale.py grows: SQLite in a temporary folder, or
a fresh database on the local PostgreSQL server, dropped afterwards."""

import logging
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scratch import use_scratch_environment

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"


@contextmanager
def scratch_database(kind: str, *, keep: bool = False) -> Iterator[None]:
    """Set up Django on a fresh scratch install of `kind` ("sqlite" or
    "postgresql"), migrated, and remove it all afterwards; with `keep`, a
    PostgreSQL database is left for a look at its query plans."""
    with tempfile.TemporaryDirectory(prefix="masthead-scale-") as folder:
        scratch = Path(folder)
        use_scratch_environment(scratch)
        if kind == "sqlite":
            _start_django(scratch, expected_database=str(scratch))
            yield
            return
        with _postgres_database(keep=keep) as (url, name):
            os.environ["DATABASE_URL"] = url
            _start_django(scratch, expected_database=name)
            try:
                yield
            finally:
                from django.db import connections

                connections.close_all()


@contextmanager
def _postgres_database(*, keep: bool) -> Iterator[tuple[str, str]]:
    import psycopg

    name = f"masthead_scale_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{POSTGRES_URL}/{name}", name
        finally:
            if keep:
                print(f"Kept the database: {POSTGRES_URL}/{name}")
            else:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start_django(scratch: Path, *, expected_database: str) -> None:
    import django
    from django.conf import settings
    from django.core.management import call_command

    # Production serves hashed static names from a manifest; STATIC_ROOT is
    # not read from the environment, so set it before anything reads it.
    settings.STATIC_ROOT = scratch / "static"
    django.setup()
    logging.disable(logging.INFO)
    database = str(settings.DATABASES["default"]["NAME"])
    # Refuse to write anywhere but the scratch install, or to time debug pages.
    if not database.startswith(expected_database) or settings.DEBUG:
        raise SystemExit(f"Refusing to run: DEBUG is on or the database is {database}")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
