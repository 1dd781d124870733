"""manage.py run_worker: work the task queues with the workers that fit the settings."""

import ctypes
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from masthead.operations.rq_worker import stop_requested
from masthead.operations.workers import worker_commands

SECONDS_TO_FINISH = 60
RESTART_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Run the background task worker: django-tasks-db's db_worker; or, when "
        "REDIS_URL is set, an RQ worker and beside it a db_worker for the tasks "
        "queued while Redis was away. Runs until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Work every queued task, then stop (each queue in turn).",
        )

    def handle(self, *args, burst: bool = False, **options):
        try:
            commands = worker_commands(burst=burst)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if burst:
            for name, arguments in commands:
                self._say_starting(name, arguments)
                call_command(name, *arguments)
            return
        (name, arguments), *beside = commands
        _stop_on_signals()
        children = []
        try:
            if beside:
                self._say_what_waits_in_the_database()
            for beside_name, beside_arguments in beside:
                children.append(self._start_beside(beside_name, beside_arguments))
            self._run_until_stopped(name, arguments, restart=bool(children))
        except _Stop:
            pass
        finally:
            for child in children:
                _stop(child)
        if stop_requested.is_set():
            self.stdout.write("Stopped, as asked.")

    def _run_until_stopped(self, name: str, arguments: list[str], *, restart: bool):
        """Run the worker; with `restart`, start it again if it exits with an error.

        The RQ worker exits at once if Redis is down when it starts; the
        database worker beside it must keep taking the tasks queued meanwhile.
        """
        while True:
            self._say_starting(name, arguments)
            try:
                call_command(name, *arguments)
                return
            except SystemExit as stopped:
                if stop_requested.is_set():
                    return  # RQ, stopped while Redis is down, exits with an error
                if not restart or stopped.code in (0, None):
                    raise
            except Exception:
                if stop_requested.is_set():
                    return  # or raises one, if the signal came as it failed
                raise
            finally:
                _stop_on_signals()  # the worker leaves its own handlers behind
            self.stderr.write(
                f"`{name}` stopped with an error (is Redis up?); the database "
                f"queue is still worked. Starting it again in {RESTART_SECONDS} s."
            )
            if stop_requested.wait(RESTART_SECONDS):
                return

    def _say_what_waits_in_the_database(self) -> None:
        """Name the tasks the database queue holds when RQ takes over.

        After REDIS_URL is set, tasks queued before (or during a Redis outage)
        are still in the database: the worker beside RQ runs them.
        """
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
        if waiting:
            self.stdout.write(
                f"{waiting} task(s) wait in the database queue from before Redis "
                "took over (or from a Redis outage); the database worker started "
                "beside RQ runs them."
            )

    def _say_starting(self, name: str, arguments: list[str]) -> None:
        self.stdout.write(f"Starting `manage.py {name} {' '.join(arguments)}`.")

    def _start_beside(self, name: str, arguments: list[str]) -> subprocess.Popen:
        child = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, str(settings.BASE_DIR / "manage.py"), name, *arguments],
            # Its own session, so a Ctrl-C in the terminal reaches it once,
            # through _stop, not twice (db_worker's second signal kills the task).
            start_new_session=True,
            preexec_fn=_stop_with_parent,  # safe: run_worker has no threads yet
        )
        self.stdout.write(
            f"Started `manage.py {name} {' '.join(arguments)}` beside "
            f"(process {child.pid})."
        )
        return child


def _stop(child: subprocess.Popen) -> None:
    """Ask a worker to finish its task and stop; kill it if it takes too long."""
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
    try:
        child.wait(timeout=SECONDS_TO_FINISH)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


class _Stop(BaseException):
    """SIGTERM or SIGINT asked run_worker to stop (a BaseException, as Ctrl-C's
    KeyboardInterrupt is, so that no library's `except Exception` swallows it)."""


def _stop_on_signals() -> None:
    """From now on, SIGTERM or SIGINT stops run_worker wherever it is.

    The worker run in this process installs its own handlers while it works,
    so that a task in progress can finish first.
    """
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, _on_stop_signal)


def _on_stop_signal(signum, frame) -> None:
    if stop_requested.is_set():
        return  # already stopping: let the workers beside finish their tasks
    stop_requested.set()
    raise _Stop


def _stop_with_parent() -> None:
    """On Linux, have the kernel stop the child if run_worker itself is killed."""
    try:
        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
        prctl(1, signal.SIGTERM)  # 1 is PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere a killed run_worker may leave it running
