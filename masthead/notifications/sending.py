"""Telling followers about a newly approved comment: one mail per address.

`notify_about_approved` is called wherever a comment becomes approved
(posting, a moderator's decision); the work happens in a background task
that calls `notify_subscribers`.
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.crypto import salted_hmac

from masthead.discussion.models import Comment

from .mail import reply_message
from .models import SentNotification, Subscription

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    sent: int = 0
    failed: int = 0


def notify_about_approved(comment: Comment) -> None:
    """Queue mails about `comment` once the transaction that approved it commits.

    Never raises: a queue that cannot be reached is logged, and the comment
    stays posted.
    """
    transaction.on_commit(
        partial(
            _queue_if_followed,
            comment_id=comment.pk,
            parent_id=comment.parent_id,
            article_id=comment.discussion.article_id,
        )
    )


def _queue_if_followed(*, comment_id: int, parent_id, article_id: int) -> None:
    from .tasks import send_reply_notifications

    try:
        # Most comments have no followers: skip the queue for them.
        if _followers_of(parent_id=parent_id, article_id=article_id).exists():
            send_reply_notifications.enqueue(comment_id=comment_id)
    except Exception:
        logger.exception("Could not queue reply notifications for %s", comment_id)


def notify_subscribers(*, reply: Comment) -> Delivery:
    """Mail each confirmed follower of `reply`'s parent or article, once.

    Skips the reply's own author and comments that are not approved. An
    address already mailed about this reply (by an earlier or concurrent
    run) is skipped; one whose mail fails is counted and left for a retry.
    """
    if not reply.is_approved:
        return Delivery()
    sent = failed = 0
    for subscription in recipients_for(reply):
        claim = _claim(reply=reply, email=subscription.email)
        if claim is None:
            continue
        try:
            reply_message(reply=reply, subscription=subscription).send()
        except Exception:
            # Any backend error (SMTP, DNS, an API's HTTP error): release the
            # claim so the retry sends this one.
            logger.exception("Reply notification %s failed", reply.pk)
            claim.delete()
            failed += 1
        else:
            sent += 1
    return Delivery(sent=sent, failed=failed)


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
    return salted_hmac("masthead.notifications.recipient", email.lower()).hexdigest()


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
    return subscription.email == (reply.author_email or "").strip().lower()


def _claim(*, reply: Comment, email: str) -> SentNotification | None:
    try:
        with transaction.atomic():
            return SentNotification.objects.create(
                reply=reply, recipient_hash=recipient_hash(email)
            )
    except IntegrityError:
        return None
