"""Background work for notifications, through the django-tasks API."""

from django.db import transaction

from masthead.discussion.models import PUBLIC, Comment
from masthead.operations.task_request_ids import task

from .mail import confirmation_message
from .models import Subscription
from .outbox import send_mails
from .sending import notify_about_approved


@task()
def send_notification_mails(mail_ids: list[int]) -> int:
    """Send a few outbox mails; return how many the mail server accepted.

    Never fails for a mail server's error: each failed mail waits in the
    outbox for its own retry, so this task is never worth retrying whole.
    """
    return send_mails(mail_ids=mail_ids)


@task()
def send_reply_notifications(comment_id: int, attempt: int = 1) -> int:
    """Record the outbox mails about a comment; kept for tasks queued by earlier
    versions, which sent the mails themselves. Returns how many wait."""
    reply = (
        Comment.objects.visible_to(PUBLIC)
        .select_related("discussion")
        .filter(pk=comment_id)
        .first()
    )
    if reply is None:
        return 0
    with transaction.atomic():
        return notify_about_approved(reply)


@task()
def send_subscription_confirmation(subscription_ids: list[int]) -> int:
    """Mail one address the link that confirms its waiting subscriptions.

    Takes ids, not the address: a task's arguments are kept in the task
    results table, where an address would outlive the reader's erasure.
    """
    waiting = Subscription.objects.filter(
        pk__in=subscription_ids, confirmed_at__isnull=True
    ).select_related("article", "comment__discussion__article")
    first = waiting.first()
    if first is None:
        return 0
    subscriptions = list(waiting.filter(email=first.email))
    # A failure raises: the backend records it, and the reader can tick the
    # box again on their next comment.
    confirmation_message(email=first.email, subscriptions=subscriptions).send()
    return 1
