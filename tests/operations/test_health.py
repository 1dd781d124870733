import json

from django.db import OperationalError, connection
from django.utils import timezone
from freezegun import freeze_time

from masthead.operations.redis_outages import forget_outages
from masthead.operations.tasks import record_worker_heartbeat

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STOPPED_REDIS = {
    "default": {
        "BACKEND": "masthead.operations.cache_safety.ForgivingRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_healthz_reports_ok_and_the_age_of_the_oldest_waiting_task(
    client, db, settings
):
    settings.TASKS = DATABASE_TASKS
    with freeze_time(timezone.now() - timezone.timedelta(seconds=90)):
        record_worker_heartbeat.enqueue()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["tasks"]["backend"] == "database"
    assert body["tasks"]["waiting"] == 1
    assert 90 <= body["tasks"]["oldest_waiting_seconds"] < 120


def test_healthz_says_degraded_but_serving_when_the_cache_is_down(client, db, settings):
    settings.CACHES = {**settings.CACHES, **STOPPED_REDIS}
    forget_outages()

    response = client.get("/healthz")

    # Pages still serve without the cache: the load balancer keeps this server.
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["cache"].startswith("CacheUnavailable: ConnectionError")
    forget_outages()


def test_healthz_answers_503_when_the_database_is_down(
    client, db, settings, monkeypatch
):
    settings.TASKS = DATABASE_TASKS

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "down"
    assert body["database"].startswith("OperationalError: connection to server")
    assert body["cache"] == "ok"
