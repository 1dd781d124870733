"""Redis going away slows the site down but stops nothing.

Each test runs the site on a redis-server of its own, wired exactly as
REDIS_URL wires production (settings.redis_services), then stops it.
"""

import json
import logging
import os
import signal
import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django_tasks import TaskResultStatus

from masthead.discussion.models import Comment
from masthead.notifications.models import OutboxMail, Subscription
from masthead.operations import redis_outages
from masthead.operations.tasks import record_worker_heartbeat
from masthead.page_cache import local_pages
from masthead.settings import redis_services
from tests.conftest import READER_PASSWORD


def use_redis(settings, url: str) -> None:
    """Settings as REDIS_URL=url gives them, with the page cache on."""
    for name, value in redis_services(url, timeout=0.5).items():
        setattr(settings, name, value)
    settings.PAGE_CACHE = True
    redis_outages.forget_outages()
    local_pages.clear()


@pytest.fixture
def site_on_redis(settings, redis_server, monkeypatch):
    """The site on its own Redis; after a failure Redis is tried again at once.

    (In production a failure leaves Redis alone for a few seconds; the
    black-hole test below keeps that pause.)
    """
    use_redis(settings, redis_server.url)
    monkeypatch.setattr(redis_outages, "RETRY_AFTER_SECONDS", 0)
    yield redis_server
    redis_outages.forget_outages()
    local_pages.clear()


def reader() -> Client:
    """A browser that sees a server error as a 500, as a reader would."""
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def every_kind_of_page(article, section) -> list[str]:
    return [
        "/",
        section.url,
        article.url,
        "/tags/harbour/",
        "/search/?q=harbour",
        "/feed/",
        f"/discussion/articles/{article.pk}/comments/feed/",
        "/sitemap.xml",
        "/accounts/login/",
    ]


def statuses(client: Client, addresses: list[str]) -> dict[str, int]:
    return {address: client.get(address).status_code for address in addresses}


def health(client: Client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def sign_in(client: Client, email: str):
    client.get("/accounts/login/")
    return client.post(
        "/accounts/login/",
        {
            "login": email,
            "password": READER_PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )


@pytest.fixture
def harbour_article(make_article):
    return make_article("Harbour plan approved", tags=["harbour"])


def test_every_page_serves_and_guests_post_while_redis_is_down(
    site_on_redis, harbour_article, section, comment_through_form, caplog
):
    pages = every_kind_of_page(harbour_article, section)
    assert set(statuses(reader(), pages).values()) == {200}
    assert reader().get(harbour_article.url)["X-Page-Cache"] == "hit"

    site_on_redis.stop()
    with caplog.at_level(logging.WARNING, logger="masthead.redis"):
        during = statuses(reader(), pages)
        posted = comment_through_form(
            harbour_article, client=reader(), text="Posted while Redis was down."
        )
        again = statuses(reader(), pages)
        status, body = health(reader())

    assert set(during.values()) == {200}, during
    assert set(again.values()) == {200}, again
    assert posted.status_code < 500
    assert Comment.objects.filter(text="Posted while Redis was down.").exists()
    shown = reader().get(harbour_article.url)
    assert "Posted while Redis was down." in shown.content.decode()
    assert "X-Page-Cache" not in shown  # drawn afresh, never a stale copy
    assert status == 200
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["cache"].startswith("CacheUnavailable")
    # One line says the cache is gone and what that means, not one per request.
    outage_lines = [r.getMessage() for r in caplog.records if "unreachable" in r.msg]
    assert len(outage_lines) == 1
    assert outage_lines[0].startswith("The cache at redis://127.0.0.1:")
    assert "rate limits are not enforced" in outage_lines[0]

    site_on_redis.start()
    assert set(statuses(reader(), pages).values()) == {200}
    status, body = health(reader())
    assert (status, body["status"], body["cache"]) == (200, "ok", "ok")
    assert reader().get(harbour_article.url)["X-Page-Cache"] == "hit"


def test_a_change_made_while_redis_was_down_shows_when_it_comes_back(
    site_on_redis, article, comment_through_form, django_capture_on_commit_callbacks
):
    """Redis may come back with its old data: the page stored before must not win."""
    reader().get(article.url)
    assert reader().get(article.url)["X-Page-Cache"] == "hit"

    site_on_redis.stop(keep_data=True)
    with django_capture_on_commit_callbacks(execute=True):
        comment_through_form(article, client=reader(), text="Said during the restart.")
    site_on_redis.start()

    assert "Said during the restart." in reader().get(article.url).content.decode()


def test_comment_rate_limits_let_readers_through_while_redis_is_down(
    site_on_redis, article, comment_through_form, settings
):
    settings.COMMENT_RATE_PER_IP = "1/m"
    site_on_redis.stop()
    for text in ("First thought.", "Second thought."):
        comment_through_form(article, client=reader(), text=text)
    site_on_redis.start()
    for text in ("Third thought.", "Fourth thought."):
        comment_through_form(article, client=reader(), text=text)

    # Open while the count cannot be kept; closed again once it can.
    assert sorted(Comment.objects.values_list("text", flat=True)) == [
        "First thought.",
        "Second thought.",
        "Third thought.",
    ]


def test_a_signed_in_reader_stays_signed_in_through_a_redis_restart(
    site_on_redis, make_reader
):
    make_reader("Dee")
    browser = reader()
    assert sign_in(browser, "dee@example.org").status_code == 302

    site_on_redis.stop()  # and its data with it
    assert browser.get("/accounts/profile/").status_code == 200
    site_on_redis.start()

    assert browser.get("/accounts/profile/").status_code == 200


def test_signing_in_and_out_work_while_redis_is_down_and_stay_done(
    site_on_redis, make_reader
):
    make_reader("Dee")
    browser = reader()
    site_on_redis.stop(keep_data=True)
    assert sign_in(browser, "dee@example.org").status_code == 302
    assert browser.get("/accounts/profile/").status_code == 200
    site_on_redis.start()
    assert browser.get("/accounts/profile/").status_code == 200

    # A copy of the session cookie, as someone who took it would keep it.
    taken = reader()
    taken.cookies["sessionid"] = browser.cookies["sessionid"].value
    site_on_redis.stop(keep_data=True)  # Redis keeps the signed-in session
    browser.post(
        "/accounts/logout/",
        {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value},
    )
    site_on_redis.start()

    assert taken.get("/accounts/profile/").status_code == 302  # to the sign-in page


def test_a_reply_mail_queued_while_redis_is_down_waits_in_the_database(
    site_on_redis, article, post, django_capture_on_commit_callbacks, caplog
):
    from django_tasks_db.models import DBTaskResult

    Subscription.objects.create(
        email="fay@example.org",
        kind=Subscription.Kind.ARTICLE,
        article=article,
        confirmed_at=article.first_published_at,
    )
    site_on_redis.stop()

    with caplog.at_level(logging.WARNING, logger="masthead.redis"):
        with django_capture_on_commit_callbacks(execute=True):
            comment = post("Fay will want to read this.")

    (queued,) = DBTaskResult.objects.all()
    assert queued.backend_name == "database"
    assert queued.task_path.endswith("send_notification_mails")
    (mail,) = OutboxMail.objects.filter(reply=comment)
    assert queued.args_kwargs["kwargs"] == {"mail_ids": [mail.pk]}
    assert any(
        "New tasks go to the database queue" in r.getMessage() for r in caplog.records
    )


class BlackHole:
    """A port that takes connections and never says a word, like a hung Redis."""

    def __init__(self):
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.url = f"redis://127.0.0.1:{self._listener.getsockname()[1]}/0"
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._take, daemon=True).start()

    def _take(self):
        while True:
            try:
                self.connections.append(self._listener.accept()[0])
            except OSError:
                return

    def close(self):
        self._listener.close()
        for taken in self.connections:
            taken.close()


def test_a_redis_that_never_answers_costs_one_timeout_per_pause(
    settings, home, harbour_article, section, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    hole = BlackHole()
    use_redis(settings, hole.url)
    # Long enough that this test never reaches the end of the pause.
    monkeypatch.setattr(redis_outages, "RETRY_AFTER_SECONDS", 600)
    try:
        # Every Redis connection, the cache's and the task queue's, gives up
        # within half a second...
        from django_rq import get_connection

        timeouts = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        for alias in ("default", "renditions"):
            client = caches[alias]._cache.get_client(write=True)
            assert client.connection_pool.connection_kwargs.items() >= timeouts.items()
        rq_options = get_connection("default").connection_pool.connection_kwargs
        assert rq_options.items() >= timeouts.items()

        pages = every_kind_of_page(harbour_article, section) * 2
        assert set(statuses(reader(), pages).values()) == {200}
        # (Tasks enqueued in a transaction go to Redis once it commits.)
        with django_capture_on_commit_callbacks(execute=True):
            record_worker_heartbeat.enqueue()
            record_worker_heartbeat.enqueue()

        # ...and after one has, the others do not wait on it again: one
        # connection for the cache and one for the task queue, for 18 pages.
        assert len(hole.connections) == 2
    finally:
        hole.close()
        redis_outages.forget_outages()


@pytest.mark.django_db(transaction=True)
def test_run_worker_works_the_database_queue_while_redis_is_down(
    settings, redis_server, start_manage, tmp_path
):
    use_redis(settings, redis_server.url)
    redis_server.stop()
    result = record_worker_heartbeat.enqueue()
    assert result.backend == "database"

    worker = start_manage(
        "run_worker",
        REDIS_URL=redis_server.url,
        DATABASE_URL=_database_url(),
        DATA_DIR=str(tmp_path),
    )
    try:
        for _ in range(240):
            result.refresh()
            if result.status != TaskResultStatus.READY or worker.poll() is not None:
                break
            time.sleep(0.5)
        assert result.status == TaskResultStatus.SUCCESSFUL
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=90)[0]

    assert worker.returncode == 0, output
    assert "1 task(s) wait in the database queue" in output
    # The database worker beside it stopped with it.
    beside = int(output.split("beside (process ")[1].split(")")[0])
    with pytest.raises(ProcessLookupError):
        os.kill(beside, 0)


def _database_url() -> str:
    details = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{details['NAME']}"
    return (
        f"postgres://{details['USER']}@{details['HOST']}:{details['PORT']}/"
        f"{details['NAME']}"
    )
