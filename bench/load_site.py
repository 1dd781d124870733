"""The throw-away site bench/load.py drives: built, served by gunicorn, reached.

gunicorn runs with deploy/gunicorn.conf.py and DEBUG off, on SQLite in a scratch
folder or on a fresh PostgreSQL database and Redis db that are cleared after.
"""

import http.client
import logging
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from discussion import fill_discussion
from scratch import publish_article, set_moderation_mode

PROJECT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8766
SITE_URL = f"http://{HOST}:{PORT}"
# The production configuration: gthread workers, 2 x cores + 1 of them.
SERVER = [str(PROJECT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py"]
SERVER += ["masthead.wsgi"]
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/13"


def site_environment(scratch: Path, *, database_url: str, redis_url: str) -> dict:
    """Production settings for this process and gunicorn: one secret, so form
    stamps made here verify there; the database and cache pinned, so neither
    .env nor the shell can steer the bench at real data."""
    sqlite_url = f"sqlite:///{scratch / 'data' / 'db.sqlite3'}"
    return {
        # STATIC_ROOT is not read from the environment: a settings shim sets it.
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "PYTHONPATH": os.pathsep.join([str(scratch), str(PROJECT)]),
        "SECRET_KEY": secrets.token_urlsafe(50),
        **dict.fromkeys(("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES"), "false"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATA_DIR": str(scratch / "data"),
        "MEDIA_ROOT": str(scratch / "media"),
        "DATABASE_URL": database_url or sqlite_url,
        "REDIS_URL": redis_url,
        "PAGE_CACHE": "true",
        "FRONTEND_CACHE_PURGE_URL": "",
        # Every poster comes from 127.0.0.1: time the database, not the limits.
        "COMMENT_RATE_PER_IP": "100000/m",
        "COMMENT_RATE_PER_EMAIL": "100000/m",
        "BIND": f"{HOST}:{PORT}",
    }


def build_site(scratch: Path, env: dict, *, comments: int) -> tuple[int, str]:
    """Migrate the scratch site and fill it; the article's id and path."""
    (scratch / "load_settings.py").write_text(
        "from masthead.settings import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(scratch / 'static')!r}\n"
    )
    os.environ.update(env)
    sys.path[:0] = env["PYTHONPATH"].split(os.pathsep)
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    logging.disable(logging.INFO)
    if settings.DEBUG or not str(settings.STATIC_ROOT).startswith(str(scratch)):
        raise SystemExit("Refusing to run: DEBUG is on or static files leave scratch")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    set_moderation_mode("publish")
    for title in ("Ferry timetable", "Harbour budget", "Council vote", "Fair week"):
        publish_article(title)
    article = publish_article(f"The harbour plan, {comments} comments")
    fill_discussion(article, comments, random.Random(7))
    return article.pk, article.url


@contextmanager
def running_server(scratch: Path, env: dict) -> Iterator[Path]:
    """gunicorn on the scratch site until the block ends; its log file."""
    log = scratch / "gunicorn.log"
    with log.open("wb") as log_file:
        # Its own session: Ctrl-C reaches only this script, which stops it below.
        server = subprocess.Popen(
            SERVER, cwd=PROJECT, env={**os.environ, **env}, stdout=log_file,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while fetch_or_none("/healthz") != 200:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"No server:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
            yield log
        finally:
            server.terminate()
            try:
                server.wait(timeout=25)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def fetch_or_none(path: str) -> int | None:
    try:
        return fetch(path)[0]
    except (OSError, http.client.HTTPException):
        return None


def fetch(path: str, *, method="GET", body=None, headers=None) -> tuple[int, dict]:
    """One request on a fresh connection; gunicorn closes it after answering."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


@contextmanager
def postgres_and_redis() -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL database and an empty Redis db, both cleared afterwards."""
    import psycopg
    import redis

    cache = redis.Redis.from_url(REDIS_URL)
    if cache.dbsize():
        raise SystemExit(f"Refusing to run: {REDIS_URL} is not empty")
    name = f"masthead_load_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{POSTGRES_URL}/{name}", REDIS_URL
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cache.flushdb()


def answers(port: int) -> bool:
    with suppress(OSError), socket.create_connection((HOST, port), timeout=1):
        return True
    return False
