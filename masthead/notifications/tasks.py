"""Background work for notifications, through the django-tasks API."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from masthead.discussion.models import PUBLIC, Comment

from .mail import confirmation_message
from .models import Subscription
from .sending import notify_subscribers

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@task()
def send_reply_notifications(comment_id: int, attempt: int = 1) -> int:
    """Mail the followers of a newly approved comment; retry the ones that failed."""
    # Followers are mailed only what anyone may read on the page.
    reply = (
        Comment.objects.visible_to(PUBLIC)
        .select_related("discussion__article")
        .filter(pk=comment_id)
        .first()
    )
    if reply is None:
        return 0
    delivery = notify_subscribers(reply=reply)
    if delivery.failed:
        _retry(comment_id=comment_id, attempt=attempt, failed=delivery.failed)
    return delivery.sent


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


def _retry(*, comment_id: int, attempt: int, failed: int) -> None:
    if attempt >= MAX_ATTEMPTS:
        logger.error(
            "Gave up on %d reply notification(s) for comment %s after %d attempts",
            failed,
            comment_id,
            attempt,
        )
        return
    queued = send_reply_notifications
    if queued.get_backend().supports_defer:
        # Back off: 1, 4, 9, 16 minutes.
        delay = timedelta(minutes=attempt * attempt)
        queued = queued.using(run_after=timezone.now() + delay)
    queued.enqueue(comment_id=comment_id, attempt=attempt + 1)
