"""A task worker killed with SIGKILL mid-send: every follower still gets one mail.

The real database worker runs in a child process on the test database (a
SQLite file, or PostgreSQL with DATABASE_URL), sending to a folder through a
deliberately slow mail backend (tests/notifications/slow_mail.py).
"""

import email
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from masthead.notifications.models import OutboxMail
from masthead.notifications.subscribing import resubscribe
from masthead.notifications.tokens import Following

ROOT = Path(__file__).resolve().parents[2]
FOLLOWERS = 40
LEASE_SECONDS = 2  # a mail held this long by a dead worker is sent again
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


# The worker shares the database with this test, so the test commits for real.
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_leaves_every_follower_one_mail(
    article, post, settings, tmp_path
):
    settings.TASKS = DATABASE_TASKS
    settings.NOTIFICATION_MAIL_LEASE_SECONDS = LEASE_SECONDS
    followers = {f"reader{number}@example.org" for number in range(FOLLOWERS)}
    for address in followers:
        resubscribe(
            following=Following(email=address, kind="article", target_id=article.pk)
        )
    mailbox = tmp_path / "mailbox"
    mailbox.mkdir()

    post("The harbour plan passed tonight.", name="Bo")  # commits; tasks queued

    worker = _start_worker(mailbox, tmp_path / "worker-1.log")
    _wait_until(lambda: len(_received(mailbox)) >= FOLLOWERS // 4, worker)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    assert 0 < len(_received(mailbox)) < FOLLOWERS  # it died part-way

    worker = _start_worker(mailbox, tmp_path / "worker-2.log")
    try:
        # The sweeper, as the minutely timer runs it, re-queues the batch the
        # dead worker held once its lease is over.
        def all_sent() -> bool:
            call_command("requeue_mail", verbosity=0)
            return not OutboxMail.objects.exclude(state="sent").exists()

        _wait_until(all_sent, worker)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()

    message_ids = defaultdict(set)
    received = _received(mailbox)
    for message in received:
        message_ids[message["To"]].add(message["Message-ID"])
    assert set(message_ids) == followers
    # Each reader's mails are one mail: at most the one in flight at the kill
    # was sent twice, with the same Message-ID.
    assert all(len(ids) == 1 for ids in message_ids.values())
    assert len(received) <= FOLLOWERS + 1
    assert OutboxMail.objects.filter(state="sent").count() == FOLLOWERS


def _start_worker(mailbox: Path, log: Path) -> subprocess.Popen:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "tests.notifications.slow_mail",
        "SECRET_KEY": "worker-crash-test-" + "x" * 40,
        "DEBUG": "true",
        "REDIS_URL": "",
        "DATA_DIR": str(log.parent / "data"),
        "DATABASE_URL": _database_url(),
        "NOTIFICATION_MAIL_LEASE_SECONDS": str(LEASE_SECONDS),
        "SLOW_MAIL_DIR": str(mailbox),
        "SLOW_MAIL_SECONDS": "0.2",
    }
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--queue-name=default",
        "--interval=0.1",
        "--no-startup-delay",
        "--no-reload",
    ]
    with log.open("wb") as output:
        # Its own process group, so the kill reaches nothing else.
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _database_url() -> str:
    """The test database, as a DATABASE_URL the child process can open."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or 'localhost'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )


def _received(mailbox: Path) -> list[email.message.Message]:
    """Every mail the backend finished writing to the folder."""
    messages = []
    for path in mailbox.glob("*.eml"):
        for part in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if part.strip():
                messages.append(email.message_from_bytes(part))
    return messages


def _wait_until(condition, worker: subprocess.Popen, *, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert worker.poll() is None, f"the worker stopped: {worker.args}"
        assert time.monotonic() < deadline, "gave up waiting for the worker"
        time.sleep(0.1)
