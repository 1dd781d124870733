import json
import textwrap

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from masthead.operations.tasks import record_worker_heartbeat
from masthead.operations.workers import worker_commands
from masthead.settings import redis_services


@pytest.fixture
def test_redis(redis_server):
    """The URL of a Redis server of this test's own: the shared one is never emptied."""
    return redis_server.url


# The worker closes connections it finds inside a transaction, so this test
# commits for real instead of running inside one.
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = record_worker_heartbeat.enqueue()
    assert result.status == TaskResultStatus.READY

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value.startswith("20")


def test_an_rq_worker_runs_a_queued_task(db, settings, test_redis):
    from django_rq import get_queue
    from django_tasks_rq import Job
    from rq import SimpleWorker

    settings.RQ_QUEUES = {"default": {"URL": test_redis}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    result = record_worker_heartbeat.enqueue()
    queue = get_queue("default")

    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL


def test_run_worker_picks_the_worker_for_the_task_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert worker_commands() == [
        ("db_worker", ["--backend=default", "--queue-name=default"])
    ]

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    ((name, arguments),) = worker_commands()
    assert name == "rqworker"
    assert "--job-class=django_tasks_rq.Job" in arguments


def test_with_redis_run_worker_also_works_the_database_fallback_queue(settings):
    settings.TASKS = redis_services("redis://127.0.0.1:6379/0", timeout=0.5)["TASKS"]

    (rq, beside) = worker_commands()
    assert rq[0] == "rqworker"
    assert beside[0] == "db_worker"
    assert "--backend=database" in beside[1]

    (rq, beside) = worker_commands(burst=True)
    assert "--burst" in rq[1]
    assert "--batch" in beside[1]


def test_redis_url_alone_moves_cache_sessions_and_tasks_to_redis(
    test_redis, tmp_path, run_manage
):
    script = textwrap.dedent(
        """
        import json
        from django.conf import settings
        from django.core.cache import caches
        from django.test import Client
        caches["default"].set("reader", "ann")
        health = Client(HTTP_HOST="localhost").get("/healthz")
        queue = json.loads(health.content)["tasks"]
        print(json.dumps({
            "cache": type(caches["default"]).__name__,
            "reader": caches["default"].get("reader"),
            "session_engine": settings.SESSION_ENGINE,
            "tasks": settings.TASKS["default"]["BACKEND"],
            "health": health.status_code,
            "queue": {name: queue[name] for name in ("backend", "waiting")},
        }))
        """
    )
    result = run_manage(
        "shell", "-c", script, DATA_DIR=str(tmp_path), REDIS_URL=test_redis
    )

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "cache": "ForgivingRedisCache",
        "reader": "ann",
        # Kept in the database too, so a Redis restart signs nobody out.
        "session_engine": "django.contrib.sessions.backends.cached_db",
        "tasks": "masthead.operations.task_fallback.RQWithDatabaseFallback",
        "health": 200,
        "queue": {"backend": "rq", "waiting": 0},
    }


@pytest.mark.django_db(transaction=True)
def test_indexing_queued_inside_a_transaction_reaches_rq_after_the_commit(
    settings, test_redis, make_article
):
    from django.db import transaction
    from django_rq import get_queue
    from django_tasks_rq import Job
    from rq import SimpleWorker
    from rq.registry import FailedJobRegistry

    from masthead.publishing.models import ArticlePage

    for name, value in redis_services(test_redis, timeout=0.5).items():
        setattr(settings, name, value)
    queue = get_queue("default")
    with transaction.atomic():
        article = make_article("Harbour dredging begins")
        # Sent now, a worker would look for a page no one else can see yet.
        assert queue.count == 0
    assert queue.count > 0

    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)

    assert FailedJobRegistry(queue=queue).count == 0
    assert list(ArticlePage.objects.live().search("dredging")) == [article]


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_that_rolls_back_is_never_sent(
    settings, test_redis
):
    from django.db import transaction
    from django_rq import get_queue

    for name, value in redis_services(test_redis, timeout=0.5).items():
        setattr(settings, name, value)
    with pytest.raises(RuntimeError), transaction.atomic():
        record_worker_heartbeat.enqueue()
        raise RuntimeError("the editor's save failed")
    assert get_queue("default").count == 0
