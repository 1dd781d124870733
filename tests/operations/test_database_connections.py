"""PostgreSQL connections follow the environment: persistent, pooled, or PgBouncer's.

Settings are read once per process, so each case starts a fresh interpreter
with its own environment and prints the database settings it ended up with.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRESQL_URL = "postgres://masthead@db.example.org:5432/masthead"
PRINT_DATABASE = (
    "import json, masthead.settings as s; "
    "print(json.dumps(s.DATABASES['default'], default=str))"
)


def run_python(code: str, **environment: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "SECRET_KEY": "connections-tests-" + "x" * 40,
        "DATABASE_URL": POSTGRESQL_URL,
        "DATABASE_POOL_MAX_SIZE": "0",
        "DATABASE_PGBOUNCER": "false",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def database_settings(**environment: str) -> dict:
    result = run_python(PRINT_DATABASE, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_by_default_each_thread_keeps_its_postgresql_connection_a_minute():
    database = database_settings()
    assert database["CONN_MAX_AGE"] == 60
    assert "pool" not in database.get("OPTIONS", {})


def test_a_pool_size_in_the_environment_turns_the_pool_on():
    database = database_settings(
        DATABASE_POOL_MAX_SIZE="4",
        DATABASE_POOL_MIN_SIZE="0",
        DATABASE_POOL_TIMEOUT="5",
    )
    assert database["OPTIONS"]["pool"] == {
        "min_size": 0,
        "max_size": 4,
        "timeout": 5.0,
        "max_idle": 60,
    }
    # Django refuses persistent connections beside its pool.
    assert database["CONN_MAX_AGE"] == 0


def test_behind_pgbouncer_connections_close_and_cursors_stay_client_side():
    database = database_settings(DATABASE_PGBOUNCER="true")
    assert database["CONN_MAX_AGE"] == 0
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "pool" not in database.get("OPTIONS", {})


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"DATABASE_POOL_MAX_SIZE": "4", "DATABASE_PGBOUNCER": "true"},
            "Choose one",
        ),
        (
            {"DATABASE_POOL_MAX_SIZE": "4", "DATABASE_URL": "sqlite:///pool.sqlite3"},
            "are for PostgreSQL",
        ),
        (
            {"DATABASE_POOL_MAX_SIZE": "2", "DATABASE_POOL_MIN_SIZE": "3"},
            "DATABASE_POOL_MIN_SIZE (3) must be between 0 and",
        ),
        (
            {"DATABASE_POOL_MAX_SIZE": "2", "DATABASE_POOL_TIMEOUT": "0"},
            "DATABASE_POOL_TIMEOUT must be a positive number",
        ),
    ],
    ids=["pool-and-pgbouncer", "pool-on-sqlite", "min-above-max", "no-wait"],
)
def test_connection_settings_that_cannot_work_stop_startup_with_a_clear_message(
    environment, message, tmp_path
):
    result = run_python(PRINT_DATABASE, DATA_DIR=str(tmp_path), **environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


POOLED_REQUESTS = """
import json, threading
import django
django.setup()
from django.db import close_old_connections, connection

def reader():
    for _ in range(5):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        close_old_connections()  # what Django does when a request ends

readers = [threading.Thread(target=reader) for _ in range(8)]
for thread in readers:
    thread.start()
for thread in readers:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
    )
    (open_connections,) = cursor.fetchone()
print(json.dumps({
    "open_connections": open_connections,
    "served_from_pool": connection.pool.get_stats()["requests_num"],
}))
"""


def test_eight_threads_share_a_pool_of_two_postgresql_connections(
    make_postgresql_database,
):
    result = run_python(
        POOLED_REQUESTS,
        DATABASE_URL=make_postgresql_database(),
        DATABASE_POOL_MAX_SIZE="2",
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["served_from_pool"] >= 8 * 5
    assert seen["open_connections"] <= 2


# A forked child (RQ runs each job in one) asks for a connection after its
# parent has handed its own back to the pool, as django-rq's worker does.
FORKED_JOB = """
import os
from django.db import connection, connections

def server_process():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]

parent = server_process()
connections.close_all()
read, write = os.pipe()
child = os.fork()
if child == 0:
    os.write(write, str(server_process()).encode())
    os._exit(0)
os.waitpid(child, 0)
print(parent, os.read(read, 32).decode())
"""


def test_a_forked_task_never_shares_its_parents_pooled_connection(
    run_manage, make_postgresql_database
):
    # Two processes on one connection garble each other's queries, and the
    # parent's pool closes it under the child ("server closed the connection
    # unexpectedly" in an RQ job).
    result = run_manage(
        "shell", "--no-imports", "-c", FORKED_JOB,
        DATABASE_URL=make_postgresql_database(), DATABASE_POOL_MAX_SIZE="2",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    parent, child = result.stdout.split()
    assert parent != child
