"""Background tasks of the operations app."""

from django.core.cache import cache
from django.utils import timezone

from .task_request_ids import task

WORKER_HEARTBEAT_KEY = "masthead:worker-heartbeat"


@task()
def record_worker_heartbeat() -> str:
    """Note in the cache when a worker last ran a task; returns that time (ISO 8601).

    `manage.py check_worker` enqueues it to prove a worker is taking tasks.
    """
    moment = timezone.now().isoformat()
    cache.set(WORKER_HEARTBEAT_KEY, moment, timeout=None)
    return moment
