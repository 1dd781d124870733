"""/metrics: Prometheus figures for the holder of the token or an allowed address."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from masthead.operations.tasks import record_worker_heartbeat

TOKEN = "scrape-token-0123456789"
AUTHORIZED = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


@pytest.fixture
def figures(client, metrics_token):
    """{(name, labels): value} from /metrics, as Prometheus would read them."""

    def read() -> dict:
        response = client.get("/metrics", **AUTHORIZED)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain; version=")
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples
        }

    return read


def _value(figures: dict, name: str, **labels) -> float:
    return figures.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN],
)
def test_metrics_is_a_404_without_the_token(client, home, metrics_token, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    response = client.get("/metrics", **headers)

    assert response.status_code == 404
    assert b"masthead_" not in response.content


def test_metrics_is_a_404_for_everyone_when_nothing_allows_it(client, home, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_ADDRESSES = []

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_answers_the_token(client, home, metrics_token):
    response = client.get("/metrics", **AUTHORIZED)

    assert response.status_code == 200
    assert b"masthead_http_requests_total" in response.content


@pytest.mark.parametrize(
    ("allowed", "address", "status"),
    [
        (["10.0.0.5"], "10.0.0.5", 200),
        (["10.0.0.0/8"], "10.20.30.40", 200),
        (["10.0.0.5"], "10.0.0.6", 404),
        (["10.0.0.0/8"], "203.0.113.9", 404),
    ],
)
def test_metrics_answers_an_allowed_address(
    client, home, settings, allowed, address, status
):
    settings.METRICS_ALLOWED_ADDRESSES = allowed

    assert client.get("/metrics", REMOTE_ADDR=address).status_code == status


def test_the_allowed_address_is_the_client_s_behind_a_trusted_proxy(
    client, home, settings
):
    settings.METRICS_ALLOWED_ADDRESSES = ["10.0.0.5"]
    settings.TRUSTED_PROXY_COUNT = 1

    from_scraper = client.get(
        "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.5"
    )
    from_reader = client.get(
        "/metrics", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )

    assert from_scraper.status_code == 200
    assert from_reader.status_code == 404


def test_requests_are_counted_by_method_and_status_class(client, article, figures):
    before = figures()

    client.get(article.url)
    client.get("/no-such-page/")
    client.post("/no-such-page/")

    after = figures()
    ok, missing = {"method": "GET", "status": "2xx"}, {"method": "GET", "status": "4xx"}
    # The first reading of /metrics itself is one more GET answered with 200.
    assert _value(after, "masthead_http_requests_total", **ok) == (
        _value(before, "masthead_http_requests_total", **ok) + 2
    )
    assert _value(after, "masthead_http_requests_total", **missing) == (
        _value(before, "masthead_http_requests_total", **missing) + 1
    )
    post_missing = {"method": "POST", "status": "4xx"}
    assert _value(after, "masthead_http_requests_total", **post_missing) == (
        _value(before, "masthead_http_requests_total", **post_missing) + 1
    )


def test_page_cache_hits_and_misses_are_counted(client, article, figures, settings):
    settings.PAGE_CACHE = True
    before = figures()

    client.get(article.url)  # drawn and stored
    client.get(article.url)  # served from the cache

    after = figures()
    for result in ("hit", "miss"):
        assert _value(after, "masthead_page_cache_lookups_total", result=result) == (
            _value(before, "masthead_page_cache_lookups_total", result=result) + 1
        )


def test_held_and_posted_comments_are_counted(
    article, hold_all_comments, post, figures, moderation_rules
):
    before = figures()

    post("Held for a moderator.")
    post("Another one held.", name="Bo")

    after = figures()
    assert _value(after, "masthead_comments_held") == 2
    assert _value(after, "masthead_comments_posted_last_day", status="pending") == 2
    assert _value(before, "masthead_comments_posted_last_day", status="pending") == 0


def test_waiting_and_failed_tasks_are_counted(db, figures, settings):
    settings.TASKS = DATABASE_TASKS
    from django_tasks_db.models import DBTaskResult

    record_worker_heartbeat.enqueue()
    record_worker_heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.first().pk).update(
        status="FAILED"
    )

    read = figures()
    assert _value(read, "masthead_tasks_waiting", queue="database") == 1
    assert _value(read, "masthead_tasks_failed", queue="database") == 1
    assert _value(read, "masthead_notification_mails", state="waiting") == 0


def test_counts_from_every_worker_process_add_up(run_manage, tmp_path):
    """gunicorn's workers share PROMETHEUS_MULTIPROC_DIR; any one answers the sum."""
    environment = {
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "METRICS_TOKEN": TOKEN,
    }
    (tmp_path / "metrics").mkdir()

    def in_a_worker(script: str) -> str:
        opening = "from django.test import Client\n"
        script = opening + "browser = Client(HTTP_HOST='localhost')\n" + script
        result = run_manage("shell", "--no-imports", "-c", script, **environment)
        assert result.returncode == 0, result.stderr
        return result.stdout

    in_a_worker("for _ in range(3): browser.get('/healthz')")
    in_a_worker("for _ in range(2): browser.get('/healthz')")
    text = in_a_worker(
        f"print(browser.get('/metrics', HTTP_AUTHORIZATION='Bearer {TOKEN}')"
        ".content.decode())"
    )

    read = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    ok = {"method": "GET", "status": "2xx"}
    assert _value(read, "masthead_http_requests_total", **ok) == 5
