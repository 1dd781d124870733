import json

from django.utils import timezone
from freezegun import freeze_time

from masthead.operations.tasks import record_worker_heartbeat

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STOPPED_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
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
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["tasks"]["backend"] == "database"
    assert body["tasks"]["waiting"] == 1
    assert 90 <= body["tasks"]["oldest_waiting_seconds"] < 120


def test_healthz_answers_503_when_the_cache_is_down(client, db, settings):
    settings.CACHES = {**settings.CACHES, **STOPPED_REDIS}

    response = client.get("/healthz")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["database"] == "ok"
    assert body["cache"].startswith("ConnectionError")
