"""What a load balancer (or an operator) needs to know: can this process serve?"""

from dataclasses import dataclass, field
from datetime import UTC

from django.core.cache import caches
from django.db import connections
from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_rq import RQBackend

from .cache_safety import errors_raised

HEALTH_CACHE_KEY = "masthead:healthz"


@dataclass(frozen=True)
class Health:
    database: str
    cache: str
    tasks: dict = field(default_factory=dict)

    @property
    def is_serving(self) -> bool:
        """The database answers: pages serve even with the cache or queue down."""
        return self.database == "ok"

    @property
    def status(self) -> str:
        """ "ok"; "degraded" when only the cache or task queue fails; else "down"."""
        if not self.is_serving:
            return "down"
        if self.cache != "ok" or "error" in self.tasks:
            return "degraded"
        return "ok"


def check_health() -> Health:
    """Probe the database, the cache and the task queue; never raises."""
    return Health(
        database=check_database(), cache=check_cache(), tasks=task_queue_age()
    )


def check_database(using: str = "default") -> str:
    """ "ok", or the error a query raised, as text."""
    try:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure is the answer
        return _describe(error)
    return "ok"


def check_cache(alias: str = "default") -> str:
    """ "ok" when a value written to the cache reads back, else the error."""
    token = get_random_string(12)
    try:
        cache = caches[alias]
        # A Redis cache answers as an empty one when Redis is down; here the
        # error is the answer wanted.
        with errors_raised():
            cache.set(HEALTH_CACHE_KEY, token, timeout=30)
            if cache.get(HEALTH_CACHE_KEY) != token:
                return "the cache did not return the value just stored"
    except Exception as error:  # any failure is the answer
        return _describe(error)
    return "ok"


def task_queue_age() -> dict:
    """How long the oldest task has waited for a worker, for the configured backend.

    A growing age means no worker is running or they cannot keep up. With
    RQ, the database queue that takes tasks while Redis is away is reported
    under "fallback".
    """
    backend = task_backends["default"]
    name = type(backend).__name__
    try:
        if isinstance(backend, DatabaseBackend):
            report = {"backend": "database", **_database_queue_age(backend.alias)}
        elif isinstance(backend, RQBackend):
            report = {"backend": "rq", **_rq_queue_age(backend.queues)}
        else:
            return {"backend": name}
    except Exception as error:  # reported; pages still serve
        report = {"backend": name, "error": _describe(error)}
    fallback = getattr(backend, "fallback_alias", None)
    if fallback:
        try:
            report["fallback"] = _database_queue_age(fallback)
        except Exception as error:  # reported; pages still serve
            report["fallback"] = {"error": _describe(error)}
    return report


def failed_tasks() -> dict:
    """Tasks that failed and are still on record, per queue; never raises.

    {"database": 2} or {"rq": 0, "fallback": 1}, with "error" for a queue that
    could not be read. The count only grows until old results are cleared, so
    watch its increase.
    """
    backend = task_backends["default"]
    counts = {}
    queues = []
    if isinstance(backend, DatabaseBackend):
        queues.append(("database", lambda: _database_failed(backend.alias)))
    elif isinstance(backend, RQBackend):
        queues.append(("rq", lambda: _rq_failed(backend.queues)))
    fallback = getattr(backend, "fallback_alias", None)
    if fallback:
        queues.append(("fallback", lambda: _database_failed(fallback)))
    for name, count in queues:
        try:
            counts[name] = count()
        except Exception as error:  # reported; pages still serve
            counts["error"] = _describe(error)
    return counts


def _database_failed(backend_name: str) -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.failed().filter(backend_name=backend_name).count()


def _rq_failed(queue_names) -> int:
    import django_rq

    queue = django_rq.get_queue(sorted(queue_names)[0] if queue_names else "default")
    return queue.failed_job_registry.count


def _database_queue_age(backend_name: str) -> dict:
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting = DBTaskResult.objects.ready().filter(backend_name=backend_name)
    # A task with a run_after time has only been waiting since that time;
    # "no run_after" is stored as the largest date.
    oldest = (
        waiting.annotate(
            waiting_since=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")),
                default=F("run_after"),
            )
        )
        .order_by("waiting_since")
        .values_list("waiting_since", flat=True)
        .first()
    )
    return {
        "waiting": waiting.count(),
        "oldest_waiting_seconds": _seconds_since(oldest),
    }


def _rq_queue_age(queue_names) -> dict:
    import django_rq
    from rq.job import Job

    queue = django_rq.get_queue(sorted(queue_names)[0] if queue_names else "default")
    # Two round trips whatever the queue's length: its size and its head.
    first_ids = queue.get_job_ids(0, 1)
    oldest = None
    if first_ids:
        oldest = Job.fetch(first_ids[0], connection=queue.connection).enqueued_at
    return {"waiting": queue.count, "oldest_waiting_seconds": _seconds_since(oldest)}


def _seconds_since(moment) -> int:
    if moment is None:
        return 0
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)  # RQ stores UTC without a zone
    return max(0, int((timezone.now() - moment).total_seconds()))


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def check_mail_outbox() -> dict:
    """Notification mails waiting, overdue and given up on; never raises.

    Overdue or failed mails do not stop pages: they are reported, not a 503.
    """
    from masthead.notifications.outbox import outbox_backlog

    try:
        return outbox_backlog()
    except Exception as error:  # reported; pages still serve
        return {"error": _describe(error)}
