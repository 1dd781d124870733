"""Telling followers about a newly approved comment: one mail per address.

`notify_about_approved` is called wherever a comment becomes approved
(posting, a moderator's decision), inside the transaction that approves it:
it records each mail in the outbox (`OutboxMail`), and `outbox.py` sends
them from background tasks once that transaction commits.
"""

from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from masthead.discussion.models import Comment
from masthead.privacy import hash_email, normalise_email

from .models import OutboxMail, Subscription
from .outbox import queue_mails


def notify_about_approved(comment: Comment) -> int:
    """Record a mail about `comment` for each follower; send them after commit.

    The caller holds the transaction that approves the comment: the mails
    commit or roll back with it, so an approved comment never goes without
    them. An address already mailed about `comment` (it was approved before)
    gets no second row. Returns how many mails wait to be sent. Never raises
    for the queue: a queue that cannot be reached is logged, and
    `manage.py requeue_mail` sends the mails later.
    """
    recipients = recipients_for(comment)
    if not recipients:
        return 0
    now = timezone.now()
    mails = []
    for subscription in recipients:
        hashed = recipient_hash(subscription.email)
        mails.append(
            OutboxMail(
                message_id=message_id_for(reply_id=comment.pk, recipient=hashed),
                reply=comment,
                subscription=subscription,
                recipient_hash=hashed,
                next_attempt_at=now,
            )
        )
    # A unique message id per reply and address: approving a comment again
    # (restored after a removal) adds nothing for those already recorded.
    OutboxMail.objects.bulk_create(mails, ignore_conflicts=True)
    waiting = list(
        OutboxMail.objects.filter(
            reply=comment, state=OutboxMail.State.QUEUED
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(partial(queue_mails, mail_ids=waiting))
    return len(waiting)


def recipients_for(reply: Comment) -> list[Subscription]:
    """One subscription per address, a reply-follow winning over an article-follow."""
    article_id = reply.discussion.article_id
    chosen: dict[str, Subscription] = {}
    for subscription in _followers_of(parent_id=reply.parent_id, article_id=article_id):
        if _is_author(subscription, reply):
            continue
        held = chosen.get(subscription.email)
        if held is None or subscription.kind == Subscription.Kind.REPLIES:
            chosen[subscription.email] = subscription
    return list(chosen.values())


def recipient_hash(email: str) -> str:
    return hash_email(email, purpose="notifications.recipient")


def message_id_for(*, reply_id: int, recipient: str) -> str:
    """The Message-ID of the mail about `reply_id` to the address hashed as
    `recipient`: the same whenever it is computed."""
    host = urlsplit(settings.BASE_URL).hostname or "localhost"
    return f"<reply-{reply_id}.{recipient[:32]}@{host}>"


def _followers_of(*, parent_id, article_id: int):
    wanted = Q(kind=Subscription.Kind.ARTICLE, article_id=article_id)
    if parent_id:
        wanted |= Q(kind=Subscription.Kind.REPLIES, comment_id=parent_id)
    return Subscription.objects.filter(wanted, confirmed_at__isnull=False).order_by(
        "pk"
    )


def _is_author(subscription: Subscription, reply: Comment) -> bool:
    if reply.author_id and subscription.user_id == reply.author_id:
        return True
    return subscription.email == normalise_email(reply.author_email)
