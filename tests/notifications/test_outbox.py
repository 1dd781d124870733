"""The outbox: mails recorded with the approval, retried, re-queued, never doubled."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time

from masthead.discussion.models import Comment
from masthead.moderation import decisions
from masthead.notifications.models import OutboxMail
from masthead.notifications.outbox import send_lease
from masthead.notifications.subscribing import resubscribe, unsubscribe
from masthead.notifications.tokens import Following

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow(article):
    """Make `email` a confirmed follower of the article's discussion."""

    def make(email: str):
        return resubscribe(
            following=Following(email=email, kind="article", target_id=article.pk)
        )

    return make


@pytest.fixture
def mail_server_down(monkeypatch):
    """Every send raises, naming the recipient as SMTP errors do, until `.fix()`."""
    real_send = EmailMultiAlternatives.send

    class Server:
        is_down = True
        attempts = 0

        def fix(self):
            self.is_down = False

    server = Server()

    def send(message, *args, **kwargs):
        server.attempts += 1
        if server.is_down:
            raise ConnectionRefusedError(f"451 try later for <{message.to[0]}>")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    return server


def test_an_approval_rolled_back_leaves_no_mail_behind(
    follow, post, hold_all_comments, django_user_model, on_commit
):
    follow("cy@example.org")
    reply = post("Held for now.", name="Bo")
    moderator = django_user_model.objects.create_superuser("mod", "m@x.org", "pw")

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted), transaction.atomic():
        decisions.decide(comment_ids=[reply.pk], action="approve", moderator=moderator)
        # Recorded inside the approving transaction, not after it.
        assert OutboxMail.objects.filter(reply=reply).count() == 1
        raise Interrupted

    assert not OutboxMail.objects.exists()
    assert mail.outbox == []
    on_commit(
        decisions.decide, comment_ids=[reply.pk], action="approve", moderator=moderator
    )
    assert [m.to for m in mail.outbox] == [["cy@example.org"]]
    assert OutboxMail.objects.get().state == "sent"


def test_a_reply_saved_by_a_process_that_died_before_queueing_is_still_mailed(
    follow, post
):
    follow("cy@example.org")
    # The tests' transaction never commits, so nothing is queued: as when the
    # web worker is killed between the commit and queueing the task.
    post("Saved, then the process died.", name="Bo")
    assert mail.outbox == []
    call_command("requeue_mail")
    assert mail.outbox == []  # not overdue yet: its task may still be coming

    with freeze_time(timezone.now() + send_lease() + timedelta(seconds=1)):
        call_command("requeue_mail")

    assert [m.to for m in mail.outbox] == [["cy@example.org"]]


def test_a_failed_send_waits_with_a_backoff_then_the_sweeper_retries_it(
    follow, comment_through_form, article, on_commit, mail_server_down, client
):
    follow("cy@example.org")
    response = on_commit(
        comment_through_form, article, name="Bo", text="Sent while mail was down."
    )
    assert response.status_code == 302  # the comment is posted all the same
    assert mail_server_down.attempts == 1
    waiting = OutboxMail.objects.get()
    assert waiting.state == "queued" and waiting.attempts == 1
    assert waiting.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert waiting.last_error == "ConnectionRefusedError: 451 try later for <<address>>"

    mail_server_down.fix()
    call_command("requeue_mail")  # too early: the backoff is not over
    assert mail.outbox == []
    with freeze_time(waiting.next_attempt_at + send_lease() + timedelta(seconds=1)):
        call_command("requeue_mail")
        call_command("requeue_mail")  # a second sweep finds nothing to resend

    assert [m.to for m in mail.outbox] == [["cy@example.org"]]
    assert OutboxMail.objects.get().state == "sent"
    assert json.loads(client.get("/healthz").content)["mail"] == {
        "waiting": 0,
        "overdue": 0,
        "failed": 0,
    }


def test_a_mail_that_fails_every_attempt_is_reported_then_retried_on_request(
    follow, post, on_commit, mail_server_down, client
):
    follow("cy@example.org")
    on_commit(post, "Nobody can hear you.", name="Bo")
    moment = timezone.now()
    for _ in range(4):
        moment += timedelta(hours=1)
        with freeze_time(moment):
            call_command("requeue_mail")
    assert mail_server_down.attempts == 5
    given_up = OutboxMail.objects.get()
    assert given_up.state == "failed"
    assert "<address>" in given_up.last_error
    assert "cy@example.org" not in given_up.last_error

    with freeze_time(moment + timedelta(hours=1)):
        call_command("requeue_mail")  # given up: the sweeper leaves it
        health = json.loads(client.get("/healthz").content)
    assert health["mail"] == {"waiting": 0, "overdue": 0, "failed": 1}
    assert mail.outbox == []

    mail_server_down.fix()
    call_command("requeue_mail", "--failed")
    assert [m.to for m in mail.outbox] == [["cy@example.org"]]


def test_healthz_counts_mails_whose_task_was_lost(follow, post, client):
    follow("cy@example.org")
    follow("dee@example.org")
    post("Queued, never sent.", name="Bo")  # its task is never queued

    body = json.loads(client.get("/healthz").content)
    assert body["mail"] == {"waiting": 2, "overdue": 0, "failed": 0}
    with freeze_time(timezone.now() + send_lease() + timedelta(seconds=1)):
        response = client.get("/healthz")
    assert response.status_code == 200  # pages still serve
    assert json.loads(response.content)["mail"]["overdue"] == 2


def test_a_reader_who_unsubscribes_before_the_mail_goes_gets_none(follow, post):
    follow("cy@example.org")
    post("Queued, then Cy left.", name="Bo")
    unsubscribe(
        following=Following(
            email="cy@example.org",
            kind="article",
            target_id=Comment.objects.get().discussion.article_id,
        )
    )
    with freeze_time(timezone.now() + send_lease() + timedelta(seconds=1)):
        call_command("requeue_mail")
    assert mail.outbox == []
    assert not OutboxMail.objects.exists()


def test_a_comment_approved_again_mails_nobody_twice(
    follow, post, on_commit, django_user_model
):
    follow("cy@example.org")
    comment = on_commit(post, "Approved at once.", name="Bo")
    moderator = django_user_model.objects.create_superuser("mod", "m@x.org", "pw")
    for action in ("remove", "restore"):
        on_commit(
            decisions.decide,
            comment_ids=[comment.pk],
            action=action,
            moderator=moderator,
        )
    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"] == OutboxMail.objects.get().message_id
    assert message.message()["Message-ID"].startswith(f"<reply-{comment.pk}.")


def test_a_queue_that_is_down_when_a_reply_is_approved_delays_its_mail(
    follow, post, on_commit, settings
):
    follow("cy@example.org")
    immediate = settings.TASKS
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}  # nothing
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}

    reply = on_commit(post, "Posted while Redis was down.", name="Bo")

    assert reply.is_approved and mail.outbox == []
    settings.TASKS = immediate  # the queue is back
    with freeze_time(timezone.now() + send_lease() + timedelta(seconds=1)):
        call_command("requeue_mail")
    assert [m.to for m in mail.outbox] == [["cy@example.org"]]
