"""bench/load.py's live discussion: readers at full speed on a hot article while a
moderator approves one held comment a second.

Each approval makes every worker's copy of the page stale at once. The figures
to compare are the cached article's requests a second and p99 with and without
the approvals, and how long each approved comment took to show to a reader.
"""

import threading
import time
from collections.abc import Callable

from load_site import HOST, PORT
from scratch import set_moderation_mode

APPROVAL_EVERY_SECONDS = 1.0
# How long a reader may wait for an approved comment before it counts as lost.
SHOW_WITHIN_SECONDS = 10.0


def hold_comments(article_id: int, count: int) -> list[tuple[int, str]]:
    """Post `count` comments that wait for a moderator; their ids and words."""
    from masthead.discussion.posting import CommentAuthor, post_comment
    from masthead.publishing.models import ArticlePage

    article = ArticlePage.objects.get(pk=article_id)
    set_moderation_mode("hold_all")
    held = []
    for n in range(count):
        author = CommentAuthor(name="Live Reader", email=f"live{n}@example.org")
        text = f"Live comment {n}: the vote is tonight, come to the hall ({n})."
        comment = post_comment(article=article, author=author, text=text)
        held.append((comment.pk, f"Live comment {n}:"))
    set_moderation_mode("publish")
    return held


class Approver(threading.Thread):
    """Approves one held comment a second, on the second, until stopped."""

    def __init__(self, held: list[tuple[int, str]], watcher: "Watcher"):
        super().__init__(daemon=True)
        from django.contrib.auth import get_user_model

        self.held, self.watcher = list(held), watcher
        self.moderator, _ = get_user_model().objects.get_or_create(
            username="load-moderator", defaults={"email": "desk@example.org"}
        )
        self._done = threading.Event()

    def run(self) -> None:
        from django.db import connection

        from masthead.moderation import decisions

        began = time.monotonic()
        try:
            for n, (comment_id, words) in enumerate(self.held, start=1):
                if self._done.wait(
                    began + n * APPROVAL_EVERY_SECONDS - time.monotonic()
                ):
                    return
                decisions.decide(
                    comment_ids=[comment_id], action="approve", moderator=self.moderator
                )
                self.watcher.look_for(words)
        finally:
            connection.close()

    def stop(self) -> None:
        self._done.set()
        self.join()


class Watcher(threading.Thread):
    """A reader who reloads the page until each approved comment shows on it."""

    def __init__(self, path: str):
        super().__init__(daemon=True)
        self.path = path
        self.shown_after_ms: list[float] = []
        self._awaited: dict[str, float] = {}
        self._lock = threading.Lock()
        self._done = threading.Event()

    def look_for(self, words: str) -> None:
        with self._lock:
            self._awaited[words] = time.perf_counter()

    def run(self) -> None:
        while not self._done.wait(0.02):
            with self._lock:
                awaited = dict(self._awaited)
            if not awaited:
                continue
            # A fresh connection each time: gunicorn may hand it to any worker.
            page = _page(self.path)
            seen = time.perf_counter()
            with self._lock:
                for words, approved in awaited.items():
                    if words.encode() in page:
                        self.shown_after_ms.append((seen - approved) * 1000)
                        del self._awaited[words]

    def stop(self) -> int:
        """Stop watching; how many approved comments never showed."""
        deadline = time.monotonic() + SHOW_WITHIN_SECONDS
        while self._awaited and time.monotonic() < deadline:
            time.sleep(0.05)
        self._done.set()
        self.join()
        return len(self._awaited)


def _page(path: str) -> bytes:
    import http.client

    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


def measure_live_discussion(
    path: str, held: list[tuple[int, str]], measure_reads: Callable[[str], dict]
) -> dict:
    """Reads of `path` as measure_reads times them, with approvals meanwhile."""
    watcher = Watcher(path)
    approver = Approver(held, watcher)
    watcher.start()
    approver.start()
    try:
        result = measure_reads(path)
    finally:
        approver.stop()
        not_shown = watcher.stop()
    shown = watcher.shown_after_ms
    return {
        **result,
        "approvals": len(shown) + not_shown,
        "not_shown": not_shown,
        "slowest_shown_ms": max(shown, default=0.0),
    }
