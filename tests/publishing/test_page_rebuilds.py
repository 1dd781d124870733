"""A page that goes stale is redrawn once, while readers keep the previous copy.

The page cache is driven here with a stand-in page that counts its renders and
can be held mid-render, on each kind of shared cache a site may use. A
"process" is a page_cache.local_pages of its own: that is all two app
processes keep apart.
"""

import shutil
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from freezegun import freeze_time

from masthead import page_cache, page_rebuilds
from masthead.local_pages import LocalPages
from masthead.moderation import decisions
from masthead.page_cache import PageCacheMiddleware, bump, depend_on, page_key
from masthead.settings import redis_services

ARTICLE_ID = 7
ADDRESS = "/news/the-harbour-plan/"
SHARED_CACHES = ["memory", "database", "redis"]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A redis-server of this module's own (skipped if it is not installed)."""
    from tests.operations.conftest import RedisServer

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server.url
    server.close()


@pytest.fixture(params=SHARED_CACHES)
def shared_cache(request, settings):
    """The page cache on with each kind of shared cache (pages still per process)."""
    from django.core.cache import cache

    if request.param == "database":
        request.getfixturevalue("db")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "masthead_cache",
            }
        }
        # The test database is made with the suite's in-memory cache settings.
        call_command("createcachetable", verbosity=0)
    elif request.param == "redis":
        settings.CACHES = redis_services(
            request.getfixturevalue("redis_url"), timeout=0.5
        )["CACHES"]
    settings.PAGE_CACHE = True
    cache.clear()
    return request.param


class StandInPage:
    """An article page that counts its renders; `hold()` stops the next one midway."""

    def __init__(self):
        self.renders = 0
        self.is_held = False
        self.rendering = threading.Event()
        self.released = threading.Event()

    def __call__(self, request):
        depend_on(request, page_key(ARTICLE_ID))
        self.renders += 1
        edition = self.renders
        if self.is_held:
            self.is_held = False
            self.rendering.set()
            assert self.released.wait(10), "the test never released the render"
        return HttpResponse(f"<p>Edition {edition}</p>", content_type="text/html")

    def hold(self):
        self.is_held = True


@pytest.fixture
def page():
    return StandInPage()


@pytest.fixture
def read(page):
    middleware = PageCacheMiddleware(page)

    def read():
        response = middleware(RequestFactory().get(ADDRESS))
        return response.get("X-Page-Cache", "drawn"), response.content.decode()

    return read


@pytest.fixture
def as_process(monkeypatch):
    """Switch to one of two app processes, each keeping its own pages."""
    processes = {name: LocalPages(max_bytes=10**6) for name in "AB"}
    monkeypatch.setattr(page_cache, "local_pages", processes["A"])
    return lambda name: monkeypatch.setattr(page_cache, "local_pages", processes[name])


def test_two_readers_of_a_stale_page_cause_one_render(shared_cache, page, read):
    if shared_cache == "database":
        pytest.skip("a second thread would need its own database transaction")
    read()
    bump(page_key(ARTICLE_ID))  # a comment was approved

    page.hold()
    first = []
    redrawing = threading.Thread(target=lambda: first.append(read()))
    redrawing.start()
    try:
        assert page.rendering.wait(10)
        meanwhile = read()
    finally:
        page.released.set()
        redrawing.join(10)

    assert meanwhile == ("stale", "<p>Edition 1</p>")
    assert first == [("drawn", "<p>Edition 2</p>")]
    assert read() == ("hit", "<p>Edition 2</p>")
    assert page.renders == 2


def test_a_reader_with_no_recent_copy_waits_for_the_redraw_instead_of_drawing(
    shared_cache, page, read, monkeypatch
):
    if shared_cache == "database":
        pytest.skip("a second thread would need its own database transaction")
    read()
    bump(page_key(ARTICLE_ID))
    # Every copy kept is too old to serve stale, as when a redraw is slow.
    monkeypatch.setattr(page_cache, "STALE_SECONDS", 0)
    page.hold()
    answers = []
    redrawing = threading.Thread(target=lambda: answers.append(read()))
    redrawing.start()
    assert page.rendering.wait(10)

    is_waiting, pause = threading.Event(), page_cache._pause
    monkeypatch.setattr(page_cache, "_pause", lambda: (is_waiting.set(), pause()))
    waiting = threading.Thread(target=lambda: answers.append(read()))
    waiting.start()
    try:
        assert is_waiting.wait(10)
    finally:
        page.released.set()
        redrawing.join(10)
        waiting.join(10)

    assert sorted(answers) == [
        ("drawn", "<p>Edition 2</p>"),
        ("hit", "<p>Edition 2</p>"),
    ]
    assert page.renders == 2


def test_another_process_takes_the_redrawn_copy_instead_of_drawing_its_own(
    shared_cache, page, read, as_process
):
    as_process("A")
    read()
    as_process("B")
    read()
    assert page.renders == 2  # each process drew its first copy

    bump(page_key(ARTICLE_ID))
    as_process("A")
    assert read() == ("drawn", "<p>Edition 3</p>")
    as_process("B")
    assert read() == ("hit", "<p>Edition 3</p>")
    assert page.renders == 3


def test_while_another_process_redraws_readers_get_the_previous_copy(
    shared_cache, page, read
):
    read()
    bump(page_key(ARTICLE_ID))
    with page_rebuilds.redraw_lock(f"http://testserver{ADDRESS}") as is_ours:
        assert is_ours  # held by the "other process" for this block
        assert read() == ("stale", "<p>Edition 1</p>")
        assert read() == ("stale", "<p>Edition 1</p>")
    assert page.renders == 1
    assert read() == ("drawn", "<p>Edition 2</p>")


@pytest.mark.parametrize("shared_cache", ["memory", "database"], indirect=True)
def test_a_redraw_that_died_holds_readers_up_for_at_most_a_few_seconds(
    shared_cache, page, read, monkeypatch
):
    with freeze_time() as clock:
        # A waiting reader's pauses move the frozen clock on, as time would.
        pause = timedelta(seconds=page_cache.AWAIT_POLL_SECONDS)
        monkeypatch.setattr(page_cache, "_pause", lambda: clock.tick(pause))
        read()
        bump(page_key(ARTICLE_ID))
        # A process takes the lock to redraw, then dies without releasing it.
        # (Kept in a name: a lock nobody refers to would be released.)
        dead = page_rebuilds.redraw_lock(f"http://testserver{ADDRESS}")
        dead.__enter__()
        assert read() == ("stale", "<p>Edition 1</p>")

        # Past STALE_SECONDS the old copy is not served: the reader waits for
        # the redraw, and draws the page once the dead process's lock lapses.
        clock.tick(timedelta(seconds=page_cache.STALE_SECONDS))
        waited_from = time.monotonic()
        assert read() == ("drawn", "<p>Edition 2</p>")
        assert time.monotonic() - waited_from <= page_rebuilds.LOCK_SECONDS + 0.1

        # The lock is gone: the next change is redrawn once.
        bump(page_key(ARTICLE_ID))
        assert read() == ("drawn", "<p>Edition 3</p>")
        assert read() == ("hit", "<p>Edition 3</p>")
        assert page.renders == 3


@pytest.mark.django_db
def test_an_approved_comment_shows_once_the_redraw_is_done(
    settings, article, post, moderation_rules, on_commit, django_user_model
):
    settings.PAGE_CACHE = True
    moderation_rules(mode="hold_all")
    held = on_commit(post, "Worth the wait.")
    Client().get(article.url)
    moderator = django_user_model.objects.create_user(
        "m", "m@example.org", "pw-Long-1x"
    )

    with page_rebuilds.redraw_lock(f"http://testserver{article.url}"):
        on_commit(
            decisions.decide,
            comment_ids=[held.pk],
            action="approve",
            moderator=moderator,
        )
        meanwhile = Client().get(article.url)
    after = Client().get(article.url)

    assert meanwhile["X-Page-Cache"] == "stale"
    assert "Worth the wait." not in meanwhile.content.decode()
    assert "Worth the wait." in after.content.decode()
