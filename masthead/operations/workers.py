"""Is a background worker taking tasks from the queue?"""

import time

from django.conf import settings
from django_tasks import TaskResultStatus

from .tasks import record_worker_heartbeat

RQ_BACKENDS = {
    "django_tasks_rq.RQBackend",
    "masthead.operations.task_fallback.RQWithDatabaseFallback",
}
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
STOPPABLE_RQ_WORKER = "masthead.operations.rq_worker.StoppableWorker"
# The database queue beside RQ only holds what came in while Redis was away:
# polling it every few seconds is soon enough and cheap.
FALLBACK_POLL_SECONDS = 5


def worker_commands(*, burst: bool = False) -> list[tuple[str, list[str]]]:
    """The management commands (with arguments) that work the task queues.

    Follows settings.TASKS: the database worker alone without Redis; with
    REDIS_URL, an RQ worker and then a database worker for the queue that
    takes tasks while Redis is away. With `burst`, each works what is queued
    and stops. Raises ValueError for a backend that has no worker.
    """
    commands = []
    for alias, backend in settings.TASKS.items():
        queues = list(backend.get("QUEUES", ["default"]))
        if backend["BACKEND"] in RQ_BACKENDS:
            # django-tasks-rq's Job class runs django-tasks tasks; the scheduler
            # starts tasks given a run_after time when it comes.
            arguments = [*queues, "--job-class=django_tasks_rq.Job"]
            arguments.append(f"--worker-class={STOPPABLE_RQ_WORKER}")
            arguments.append("--burst" if burst else "--with-scheduler")
            commands.insert(0, ("rqworker", arguments))
        elif backend["BACKEND"] == DATABASE_BACKEND:
            arguments = [f"--backend={alias}", f"--queue-name={','.join(queues)}"]
            if alias != "default":
                # Run beside the RQ worker: no autoreloader process in between.
                arguments += [f"--interval={FALLBACK_POLL_SECONDS}", "--no-reload"]
            if burst:
                arguments += ["--batch", "--no-startup-delay"]
            commands.append(("db_worker", arguments))
        else:
            raise ValueError(
                f"The task backend {backend['BACKEND']} runs tasks without a worker "
                "(or needs its own); set REDIS_URL or use the database backend."
            )
    return commands


class WorkerSilent(Exception):
    """No worker ran the heartbeat task in time; the message says what to check."""


def confirm_worker_runs(*, timeout: float, poll_every: float = 0.5) -> float:
    """Enqueue a heartbeat task and wait for a worker to run it.

    Returns the seconds it took. Raises WorkerSilent when the task is still
    waiting after `timeout` seconds, or failed.
    """
    started = time.monotonic()
    result = record_worker_heartbeat.enqueue()
    while result.status not in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        if time.monotonic() - started > timeout:
            raise WorkerSilent(
                f"No worker ran the heartbeat task within {timeout:g} s. Is the "
                "worker service running (systemctl status masthead-worker)?"
            )
        time.sleep(poll_every)
        result.refresh()
    if result.status == TaskResultStatus.FAILED:
        raise WorkerSilent(f"The heartbeat task failed: {result.errors[-1].traceback}")
    return time.monotonic() - started
