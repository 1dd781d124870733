"""Periodic commands run once however many servers' timers start them at once.

Each race is made certain, not left to chance: the first run is held inside its
work until the second run has finished, then let go.
"""

import io
import os
import socket
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import PageLogEntry, Revision

from masthead.moderation import digest
from masthead.moderation.tasks import send_moderation_digest
from masthead.operations.models import RunLock
from masthead.operations.single_run import single_run

WAIT = 60  # seconds; only reached if a run hangs, never in a passing test


class HeldRun(threading.Thread):
    """Run `work` in a thread of its own that stops when it reaches `pause_in`
    (a patched callable) until `let_go` is set."""

    def __init__(self, work):
        super().__init__()
        self.work = work
        self.reached_pause = threading.Event()
        self.let_go = threading.Event()
        self.errors = []

    def pausing(self, original):
        def paused(*args, **kwargs):
            if threading.current_thread() is self and not self.reached_pause.is_set():
                self.reached_pause.set()
                self.let_go.wait(WAIT)
            return original(*args, **kwargs)

        return paused

    def run(self):
        try:
            self.work()
        except Exception as error:  # noqa: BLE001 - reported by finish()
            self.errors.append(error)
        finally:
            self.reached_pause.set()  # never leave the other side waiting
            connection.close()

    def finish(self):
        self.let_go.set()
        self.join(WAIT)
        assert self.errors == []


@pytest.mark.django_db(transaction=True)
def test_two_publish_runs_at_once_publish_each_article_once(monkeypatch, make_article):
    articles = []
    for number in range(10):
        article = make_article(f"Embargoed story {number}", publish=False)
        article.go_live_at = timezone.now() + timedelta(minutes=5)
        article.save_revision().publish()  # a future go_live_at schedules it
        articles.append(article)

    with freeze_time(timezone.now() + timedelta(minutes=10)):
        first = HeldRun(lambda: call_command("publish_scheduled", stdout=io.StringIO()))
        monkeypatch.setattr(Revision, "publish", first.pausing(Revision.publish))
        first.start()
        first.reached_pause.wait(WAIT)
        second_output = io.StringIO()
        call_command("publish_scheduled", stdout=second_output)
        first.finish()

    # One "published as scheduled" entry per article, not two.
    published = PageLogEntry.objects.filter(action="wagtail.publish.scheduled")
    assert sorted(published.values_list("page_id", flat=True)) == sorted(
        article.pk for article in articles
    )
    for article in articles:
        article.refresh_from_db()
        assert article.live
    assert "Another run of publish_scheduled holds its lock" in second_output.getvalue()


@pytest.mark.django_db(transaction=True)
def test_two_digest_tasks_at_once_send_one_digest(monkeypatch, post, moderation_rules):
    moderation_rules(mode="hold_all", digest_recipients="desk@example.org")
    post("Waiting for a moderator.")
    first = HeldRun(send_moderation_digest.enqueue)
    monkeypatch.setattr(
        digest, "add_html_alternative", first.pausing(digest.add_html_alternative)
    )
    first.start()
    first.reached_pause.wait(WAIT)
    second = send_moderation_digest.enqueue()
    first.finish()

    assert len(mail.outbox) == 1
    assert second.return_value == 0


@pytest.mark.django_db
def test_the_digest_goes_out_once_a_day_however_often_it_is_asked_for(
    post, moderation_rules
):
    moderation_rules(mode="hold_all", digest_recipients="desk@example.org")
    post("Waiting for a moderator.")
    call_command("moderation_digest", stdout=io.StringIO())
    output = io.StringIO()
    call_command("moderation_digest", stdout=output)  # a second server's timer
    assert "already sent" in output.getvalue()
    assert send_moderation_digest.enqueue().return_value == 0
    assert len(mail.outbox) == 1

    with freeze_time(timezone.now() + timedelta(days=1)):
        call_command("moderation_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_chore_that_finds_its_lock_taken_does_nothing_and_says_so():
    with single_run(name="forget_unconfirmed_subscriptions") as is_ours:
        assert is_ours
        output = io.StringIO()
        call_command("forget_unconfirmed_subscriptions", stdout=output)
    assert "holds its lock" in output.getvalue()
    assert "Forgot" not in output.getvalue()
    output = io.StringIO()
    call_command("forget_unconfirmed_subscriptions", stdout=output)
    assert "Forgot 0" in output.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_lock_is_free_again_when_its_run_ends_even_by_an_error():
    with pytest.raises(RuntimeError), single_run(name="chore"):
        raise RuntimeError("the run failed")
    with single_run(name="chore") as is_ours:
        assert is_ours


# PostgreSQL frees an advisory lock with its holder's connection; the lock rows
# used elsewhere need these rules instead.
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="PostgreSQL uses advisory locks"
)


def _row_for(*, process_id: int, expires_in: timedelta) -> RunLock:
    return RunLock.objects.create(
        name="chore",
        holder=f"{socket.gethostname()}:{process_id}:earlier",
        expires_at=timezone.now() + expires_in,
    )


@sqlite_only
@pytest.mark.django_db
def test_the_lock_of_a_run_that_died_on_this_machine_is_taken_over():
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    _row_for(process_id=int(ended.stdout), expires_in=timedelta(minutes=30))
    with single_run(name="chore") as is_ours:
        assert is_ours


@sqlite_only
@pytest.mark.django_db
def test_a_live_run_keeps_its_lock_until_it_expires():
    _row_for(process_id=os.getpid(), expires_in=timedelta(minutes=30))
    with single_run(name="chore") as is_ours:
        assert not is_ours
    with (
        freeze_time(timezone.now() + timedelta(hours=2)),
        single_run(name="chore") as is_ours,
    ):
        assert is_ours
