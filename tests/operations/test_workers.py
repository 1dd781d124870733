import json
import textwrap

import pytest
import redis
from django.core.management import call_command
from django_tasks import TaskResultStatus

from masthead.operations.tasks import record_worker_heartbeat
from masthead.operations.workers import worker_command

TEST_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def test_redis():
    connection = redis.Redis.from_url(TEST_REDIS, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.ConnectionError as error:
        pytest.skip(f"Redis does not answer on 127.0.0.1:6379 ({error})")
    connection.flushdb()
    yield TEST_REDIS
    connection.flushdb()


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
    assert worker_command() == ("db_worker", ["--queue-name=default"])

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    name, arguments = worker_command()
    assert name == "rqworker"
    assert "--job-class=django_tasks_rq.Job" in arguments


def test_redis_url_alone_moves_cache_sessions_and_tasks_to_redis(
    test_redis, tmp_path, run_manage
):
    script = textwrap.dedent(
        """
        import json
        from django.conf import settings
        from django.contrib.sessions.backends.cache import SessionStore
        from django.core.cache import caches
        from django.test import Client
        session = SessionStore()
        session["reader"] = "ann"
        session.create()
        again = SessionStore(session_key=session.session_key)
        health = Client(HTTP_HOST="localhost").get("/healthz")
        print(json.dumps({
            "cache": type(caches["default"]).__name__,
            "session_engine": settings.SESSION_ENGINE,
            "reader": again["reader"],
            "tasks": settings.TASKS["default"]["BACKEND"],
            "health": health.status_code,
            "queue": json.loads(health.content)["tasks"],
        }))
        """
    )
    result = run_manage(
        "shell", "-c", script, DATA_DIR=str(tmp_path), REDIS_URL=test_redis
    )

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "cache": "RedisCache",
        "session_engine": "django.contrib.sessions.backends.cache",
        "reader": "ann",
        "tasks": "django_tasks_rq.RQBackend",
        "health": 200,
        "queue": {"backend": "rq", "waiting": 0, "oldest_waiting_seconds": 0},
    }
