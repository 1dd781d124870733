"""Telling an author that an editor chose their comment as an editors' pick.

Only authors who follow something by mail hear about it: the replies to that
comment, or the article's discussion. Like reply mails, the mail goes through
the outbox (`outbox.py`), recorded in the transaction that chooses the pick.
"""

from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from masthead.discussion.models import Comment
from masthead.privacy import normalise_email

from .models import OutboxMail, Subscription
from .outbox import queue_mails
from .sending import recipient_hash


def notify_author_of_pick(comment: Comment) -> bool:
    """Record a mail telling `comment`'s author it is an editors' pick, if they
    follow their comment or its article; True if one waits to be sent.

    The caller holds the transaction that chooses the pick. A comment chosen
    again after being taken out of the picks mails nobody twice.
    """
    subscription = author_subscription(comment)
    if subscription is None:
        return False
    hashed = recipient_hash(subscription.email)
    host = urlsplit(settings.BASE_URL).hostname or "localhost"
    mail, created = OutboxMail.objects.get_or_create(
        message_id=f"<pick-{comment.pk}.{hashed[:32]}@{host}>",
        defaults={
            "kind": OutboxMail.Kind.PICK,
            "reply": comment,
            "subscription": subscription,
            "recipient_hash": hashed,
            "next_attempt_at": timezone.now(),
        },
    )
    if not created:
        return False
    transaction.on_commit(partial(queue_mails, mail_ids=[mail.pk]))
    return True


def author_subscription(comment: Comment) -> Subscription | None:
    """The author's confirmed following of their comment's replies (preferred)
    or of its article; None when they follow neither."""
    address = normalise_email(comment.author_email)
    theirs = Q(pk__in=[])
    if address:
        theirs |= Q(email=address)
    if comment.author_id:
        theirs |= Q(user_id=comment.author_id)
    follows = Q(kind=Subscription.Kind.REPLIES, comment_id=comment.pk) | Q(
        kind=Subscription.Kind.ARTICLE, article_id=comment.discussion.article_id
    )
    candidates = Subscription.objects.filter(
        theirs, follows, confirmed_at__isnull=False
    )
    return min(
        candidates,
        key=lambda s: (s.kind != Subscription.Kind.REPLIES, s.pk),
        default=None,
    )
