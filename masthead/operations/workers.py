"""Is a background worker taking tasks from the queue?"""

import time

from django.conf import settings
from django_tasks import TaskResultStatus

from .tasks import record_worker_heartbeat

RQ_BACKEND = "django_tasks_rq.RQBackend"
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def worker_command() -> tuple[str, list[str]]:
    """The management command (and its arguments) that works the task queue.

    Follows settings.TASKS, so the same `manage.py run_worker` starts an RQ
    worker when REDIS_URL is set and the database worker when it is not.
    """
    backend = settings.TASKS["default"]
    queues = list(backend.get("QUEUES", ["default"]))
    if backend["BACKEND"] == RQ_BACKEND:
        # django-tasks-rq's Job class runs django-tasks tasks; the scheduler
        # starts tasks given a run_after time when it comes.
        return "rqworker", [
            *queues,
            "--job-class=django_tasks_rq.Job",
            "--with-scheduler",
        ]
    if backend["BACKEND"] == DATABASE_BACKEND:
        return "db_worker", [f"--queue-name={','.join(queues)}"]
    raise ValueError(
        f"The task backend {backend['BACKEND']} runs tasks without a worker "
        "(or needs its own); set REDIS_URL or use the database backend."
    )


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
