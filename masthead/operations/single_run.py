"""One run at a time of a periodic command, however many servers start it.

Every server's timer starts `publish_scheduled` each minute and the daily chores
each morning. A command whose handle() is wrapped in `run_alone` first takes a
lock named after the command: a PostgreSQL advisory lock, or a row in RunLock
on other databases (SQLite). A run that finds the lock taken does nothing and
exits with status 0, saying so, since another run is doing the same work.
"""

import hashlib
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import timezone

from .models import FinishedRun, RunLock

# How long a lock row outlives a run that hangs. A run that died on this machine
# is noticed at once by its process id, so publishing never waits this long.
LOCK_ROW_LIFETIME = timedelta(hours=1)


@contextmanager
def single_run(*, name: str) -> Iterator[bool]:
    """Yield True if this process now holds the lock `name`, False if another does.

    The lock is released when the block ends, or when the process dies.
    """
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        lock = _advisory_lock(name=name)
    else:
        lock = _lock_row(name=name)
    with lock as is_ours:
        yield is_ours


def run_alone(handle: Callable) -> Callable:
    """Wrap a management command's handle(): run it unless another run of the same
    command holds its lock; then say so and return (exit status 0)."""

    @wraps(handle)
    def handle_alone(command, *args, **options):
        name = command.__module__.rpartition(".")[2]
        with single_run(name=name) as is_ours:
            if not is_ours:
                command.stdout.write(
                    f"Another run of {name} holds its lock; this one does nothing."
                )
                return None
            return handle(command, *args, **options)

    return handle_alone


def was_done(*, job: str, period: str) -> bool:
    """Has `job` been done for `period` (e.g. the digest for "2025-01-31")?"""
    return FinishedRun.objects.filter(job=job, period=period).exists()


def record_done(*, job: str, period: str) -> None:
    """Remember that `job` is done for `period`; recording it twice is harmless."""
    FinishedRun.objects.get_or_create(job=job, period=period)


def advisory_key(name: str) -> int:
    """PostgreSQL's 64-bit lock key for `name`, the same in every process."""
    digest = hashlib.sha256(f"masthead:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def _advisory_lock(*, name: str) -> Iterator[bool]:
    # A connection of its own, in a transaction held open for the whole run:
    # a transaction-level lock ends with that transaction however the run ends,
    # even through PgBouncer's transaction mode or Django's pool, where a
    # session lock could stay behind on a connection handed to someone else.
    # The run's own queries commit as they go, on the usual connection.
    lock_connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        lock_connection.set_autocommit(False)
        with lock_connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [advisory_key(name)])
            (is_ours,) = cursor.fetchone()
        yield is_ours
    finally:
        try:
            if lock_connection.connection is not None:
                lock_connection.rollback()  # ends the transaction: frees the lock
        finally:
            lock_connection.close()


@contextmanager
def _lock_row(*, name: str) -> Iterator[bool]:
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
    is_ours = _take_lock_row(name=name, holder=holder)
    try:
        yield is_ours
    finally:
        if is_ours:
            RunLock.objects.filter(name=name, holder=holder).delete()


def _take_lock_row(*, name: str, holder: str) -> bool:
    now = timezone.now()
    expires_at = now + LOCK_ROW_LIFETIME
    current = RunLock.objects.filter(name=name).first()
    if current is None:
        try:
            with transaction.atomic():
                RunLock.objects.create(name=name, holder=holder, expires_at=expires_at)
        except IntegrityError:  # another run created it a moment ago
            return False
        return True
    if current.expires_at > now and not _holder_is_gone(current.holder):
        return False
    # Conditional on the old holder: of two runs replacing it, only one wins.
    return bool(
        RunLock.objects.filter(name=name, holder=current.holder).update(
            holder=holder, expires_at=expires_at
        )
    )


def _holder_is_gone(holder: str) -> bool:
    """True when the holder ran on this machine and its process has ended."""
    host, pid, _token = holder.rsplit(":", 2)
    if host != socket.gethostname():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, ValueError):  # alive under another user, or garbled
        return False
    return False
