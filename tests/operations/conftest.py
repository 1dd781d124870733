"""Fixtures for operations tests: manage.py in a child process, throwaway PostgreSQL."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """manage.py with a development environment plus `environment`; never raises."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "SECRET_KEY": "operations-tests-" + "x" * 40,
        "DEBUG": "true",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _fetch_page(path: str, **environment: str) -> tuple[int, str]:
    """Status and HTML of `path`, served by a fresh process with `environment`."""
    script = (
        "import sys\n"
        "from django.test import Client\n"
        f"response = Client(HTTP_HOST='localhost').get({path!r})\n"
        "sys.stdout.write(f'{response.status_code}\\n' + response.content.decode())\n"
    )
    result = _run_manage("shell", "--no-imports", "-c", script, **environment)
    assert result.returncode == 0, result.stderr
    status, _, html = result.stdout.partition("\n")
    return int(status), html


@pytest.fixture
def run_manage():
    """manage.py in a child process, as an operator runs it."""
    return _run_manage


@pytest.fixture
def fetch_page():
    """(status, HTML) of a path served by a child process with the given environment."""
    return _fetch_page


POSTGRESQL_SERVER = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def make_postgresql_database():
    """Create empty PostgreSQL databases; each is dropped after the test."""
    try:
        admin = psycopg.connect(
            f"{POSTGRESQL_SERVER}/postgres", autocommit=True, connect_timeout=2
        )
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL does not answer on 127.0.0.1:5432 ({error})")
    made = []

    def make() -> str:
        name = f"masthead_ops_{uuid.uuid4().hex[:10]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{POSTGRESQL_SERVER}/{name}"

    yield make
    for name in made:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()
