"""The RQ task queue, with the database queue behind it while Redis is away.

A task enqueued during a Redis restart or a network blip used to be lost
(logged at best). `RQWithDatabaseFallback` tries Redis, retries a refused
connection twice within a quarter of a second, and then stores the task in
django-tasks-db's queue (the backend named by OPTIONS["FALLBACK"], "database"
in settings). `manage.py run_worker` works both queues when Redis is in use,
so a task parked there runs as soon as a worker is up, Redis or not.

A timeout is not retried: a Redis that does not answer has already cost the
connection timeout once. After a failure, Redis is left alone for a few
seconds (redis_outages.py), so a burst of posts does not pay it again.

A task enqueued inside a transaction goes to Redis when the transaction
commits, and not at all if it rolls back, as with the database queue, whose
rows workers only see once committed. Wagtail enqueues its search and
reference indexing from `post_save`, inside the editor's transaction: sent at
once, an RQ worker could look for the page before it exists and fail.

Delivery is at least once: if Redis stored a task but its answer was lost,
the task is in both queues. Tasks here are safe to run twice (notifications
are claimed per recipient before sending).
"""

import time
from functools import partial

from django.conf import settings
from django.db import transaction
from django_tasks import TaskResult, TaskResultStatus, task_backends
from django_tasks.utils import get_random_id
from django_tasks_rq import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from .redis_outages import outage_for

RETRY_PAUSES = (0.05, 0.2)
CONSEQUENCE = (
    "New tasks go to the database queue, which `manage.py run_worker` also "
    "works, until it answers."
)


class RQWithDatabaseFallback(RQBackend):
    """django-tasks-rq's backend; the database queue takes what Redis cannot."""

    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        self.fallback_alias = self.options.get("FALLBACK", "database")

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(partial(self._enqueue_now, task, args, kwargs))
            return self._promised(task, args, kwargs)
        return self._enqueue_now(task, args, kwargs)

    def _enqueue_now(self, task, args, kwargs):
        outage = outage_for(
            purpose="the task queue",
            url=settings.RQ_QUEUES[task.queue_name]["URL"],
            consequence=CONSEQUENCE,
        )
        if not outage.should_wait():
            try:
                result = self._enqueue_with_retries(task, args, kwargs)
            except RedisError as error:
                outage.failed(error)
            else:
                outage.answered()
                return result
        fallback = task_backends[self.fallback_alias]
        return fallback.enqueue(task.using(backend=self.fallback_alias), args, kwargs)

    def _promised(self, task, args, kwargs) -> TaskResult:
        """The result a caller gets for a task that waits for the commit."""
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

    def _enqueue_with_retries(self, task, args, kwargs):
        for pause in RETRY_PAUSES:
            try:
                return super().enqueue(task, args, kwargs)
            except RedisConnectionError:  # refused or reset: cheap to try again
                time.sleep(pause)
        return super().enqueue(task, args, kwargs)
