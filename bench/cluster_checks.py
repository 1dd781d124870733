"""What bench/cluster.py does beside the traffic, and what it counts at the end.

A moderator approves held comments and the timer's `requeue_mail` runs, both
in this process; afterwards the counts come from the answers readers got,
the database and the mail folder.
"""

import email
import http.client
import io
import json
import re
import threading
import time
from collections import Counter
from pathlib import Path

from cluster_services import PUBLIC_HOST
from cluster_site import HELD_PHRASE, Site
from cluster_traffic import fetch_url, image_sources

MODERATOR_EVERY, SWEEPER_EVERY = 3, 10


def moderate_and_sweep(stop: threading.Event, chores: Counter) -> None:
    """Approve what posters left for a moderator; re-queue overdue mail, as the
    timer (deploy/masthead-publish.timer) does on every server. Counts in
    `chores`: "approved", "requeued", and each error by its text."""
    from django.contrib.auth import get_user_model
    from django.db import close_old_connections

    from masthead.discussion.models import Comment
    from masthead.moderation import decisions

    moderator, _ = get_user_model().objects.get_or_create(
        username="moderator", defaults={"email": "moderator@example.org"}
    )
    last_sweep = time.monotonic()
    while not stop.wait(MODERATOR_EVERY):
        try:
            held = Comment.objects.filter(
                status=Comment.Status.PENDING, text__contains=HELD_PHRASE
            ).values_list("pk", flat=True)
            outcome = decisions.decide(
                comment_ids=list(held), action="approve", moderator=moderator
            )
            chores["approved"] += len(outcome.changed)
            if time.monotonic() - last_sweep > SWEEPER_EVERY:
                chores["requeued"] += requeue_mail()
                last_sweep = time.monotonic()
        except Exception as error:  # counted and shown: the bench carries on
            chores[f"Error: {type(error).__name__}: {error}"[:120]] += 1
        finally:
            close_old_connections()


def requeue_mail() -> int:
    """`manage.py requeue_mail`; how many mails it queued again."""
    from django.core.management import call_command

    output = io.StringIO()
    call_command("requeue_mail", stdout=output)
    found = re.search(r"Queued (\d+)", output.getvalue())
    return int(found.group(1)) if found else 0


def healthz(port: int) -> dict:
    """The app server's /healthz answer, asked directly as a load balancer would."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


def is_drained(health: dict) -> bool:
    tasks, mail = health.get("tasks", {}), health.get("mail", {})
    return (
        health.get("status") == "ok"
        and tasks.get("waiting") == 0
        and tasks.get("fallback", {}).get("waiting") == 0
        and mail.get("waiting") == 0
    )


def wait_until_drained(port: int, *, seconds: float, chores: Counter) -> dict:
    """Wait for every queue and the outbox to empty; the last /healthz answer."""
    stop = threading.Event()
    sweeper = threading.Thread(target=moderate_and_sweep, args=(stop, chores))
    sweeper.start()
    deadline = time.monotonic() + seconds
    try:
        while True:
            health = healthz(port)
            if is_drained(health) or time.monotonic() > deadline:
                return health
            time.sleep(2)
    finally:
        stop.set()
        sweeper.join()


def comments_stored(site: Site) -> Counter:
    """How many times each posted text is in the database."""
    from masthead.discussion.models import Comment

    texts = Comment.objects.filter(text__startswith="Poster ").values_list(
        "text", flat=True
    )
    return Counter(texts)


def mails_expected() -> set[str]:
    """The Message-ID of every mail Masthead owes its followers about the posted
    comments, worked out from the approved comments and the subscriptions, not
    from the outbox. (The site's first comments came before their followers.)"""
    from masthead.discussion.models import Comment
    from masthead.notifications.sending import (
        message_id_for,
        recipient_hash,
        recipients_for,
    )

    approved = Comment.objects.filter(
        status=Comment.Status.APPROVED, text__startswith="Poster "
    )
    return {
        message_id_for(reply_id=comment.pk, recipient=recipient_hash(follower.email))
        for comment in approved.select_related("discussion")
        for follower in recipients_for(comment)
    }


def outbox_unsent() -> int:
    """Outbox rows not marked sent: still waiting, or given up on."""
    from masthead.notifications.models import OutboxMail

    return OutboxMail.objects.exclude(state=OutboxMail.State.SENT).count()


def failed_task_runs() -> int:
    """Task runs recorded as failed, in RQ and in the database queue: the killed
    worker's job is one; the work itself is done again by whoever owns it
    (the outbox's sweeper for mails)."""
    import django_rq
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    in_rq = django_rq.get_queue("default").failed_job_registry.count
    in_database = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    return in_rq + in_database.count()


def mails_sent(folder: Path) -> Counter:
    """How many times each reply notification's Message-ID is in the mail folder."""
    sent = Counter()
    for path in folder.iterdir():
        # The file backend writes each mail, then a line of 79 dashes.
        for text in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            message = email.message_from_string(text.strip())
            if (message["Message-ID"] or "").startswith("<reply-"):
                sent[message["Message-ID"]] += 1
    return sent


def media_from_each_server(ports: list[int], site: Site) -> dict[int, str]:
    """For each app server asked directly: the article's picture answered 200?"""
    results = {}
    for port in ports:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
        # Past the page cache, so this server renders the page (and picture) itself.
        headers["Cookie"] = "masthead_comments=x"
        try:
            connection.request("GET", site.image_path, headers=headers)
            html = connection.getresponse().read().decode()
        finally:
            connection.close()
        sources = image_sources(html)
        statuses = [fetch_url(source) for source in sources]
        results[port] = "200" if sources and set(statuses) == {200} else str(statuses)
    return results
