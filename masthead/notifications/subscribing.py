"""Following a comment's replies or an article's discussion, and stopping.

A subscription is confirmed at once only for an address the reader proved
(accounts.address_proof): a signed-in reader's verified address, or a guest's
address whose confirmation link was followed in this browser. Any other
subscription waits for a link mailed to the address (double opt-in), since
an address typed into a form proves nothing; following that link proves the
address for later subscriptions from the same browser.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from masthead.discussion.models import PUBLIC, Comment
from masthead.privacy import normalise_email
from masthead.publishing.models import ArticlePage

from .models import Subscription
from .tokens import Following

logger = logging.getLogger(__name__)
Kind = Subscription.Kind


def subscribe_after_posting(
    *,
    comment: Comment,
    to_replies: bool,
    to_article: bool,
    user=None,
    proven_email: str = "",
) -> list[Subscription]:
    """Record what the author of `comment` asked to follow; return the rows.

    `user` is the signed-in reader, or AnonymousUser/None for a guest;
    `proven_email` the address they proved is theirs, "" if none.
    Subscriptions that still need the address's confirmation get one mail
    for all of them, sent by a background task after commit.
    """
    email = normalise_email(comment.author_email)
    if not email or not (to_replies or to_article):
        return []
    is_trusted = normalise_email(proven_email) == email
    targets = []
    if to_replies:
        targets.append((Kind.REPLIES, {"comment": comment}))
    if to_article:
        targets.append((Kind.ARTICLE, {"article_id": comment.discussion.article_id}))
    # Most posts ask for nothing; only those that do open a transaction (on
    # SQLite, one that takes the database's write lock).
    with transaction.atomic():
        subscriptions = [
            _subscribe(
                email=email, user=user, kind=kind, target=target, trusted=is_trusted
            )
            for kind, target in targets
        ]
        waiting = [sub.pk for sub in subscriptions if not sub.is_confirmed]
        if waiting:
            transaction.on_commit(partial(_ask_for_confirmation, waiting))
    return subscriptions


def _subscribe(*, email: str, user, kind: str, target: dict, trusted: bool):
    subscription, _ = Subscription.objects.get_or_create(
        email=email,
        kind=kind,
        **target,
        defaults={"user": user if _is_user(user) else None},
    )
    if trusted and not subscription.is_confirmed:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def _ask_for_confirmation(subscription_ids: list[int]) -> None:
    from .tasks import send_subscription_confirmation

    try:
        send_subscription_confirmation.enqueue(subscription_ids=subscription_ids)
    except Exception:
        # The comment is already posted; a queue outage must not undo that.
        logger.exception(
            "Could not queue the confirmation mail for subscriptions %s",
            subscription_ids,
        )


@transaction.atomic
def confirm_subscriptions(*, email: str, subscription_ids: list[int]) -> int:
    """Confirm the address's waiting subscriptions; return how many were waiting."""
    return Subscription.objects.filter(
        pk__in=subscription_ids, email=normalise_email(email), confirmed_at__isnull=True
    ).update(confirmed_at=timezone.now())


def forget_unconfirmed_subscriptions() -> int:
    """Delete guests' subscriptions whose confirmation link has expired; return how
    many. Such an address never agreed to mail, so it is not kept."""
    expired = timezone.now() - timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    deleted, _ = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=expired
    ).delete()
    return deleted


def is_following(*, following: Following) -> bool:
    """Whether the mails an unsubscribe link stands for would still be sent."""
    return _matching(following).exists()


def unsubscribe(*, following: Following) -> bool:
    """Stop the mails a link stands for; False if they had already stopped."""
    deleted, _ = _matching(following).delete()
    return bool(deleted)


@transaction.atomic
def resubscribe(*, following: Following) -> Subscription:
    """Follow again from an unsubscribe link: the mail proved the address.

    Raises ValidationError when the comment or article is gone.
    """
    target = _target_for(following)
    subscription, _ = Subscription.objects.get_or_create(
        email=normalise_email(following.email),
        kind=following.kind,
        **target,
        defaults={"confirmed_at": timezone.now()},
    )
    if not subscription.is_confirmed:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe_reader(*, user, subscription_id: int) -> bool:
    """A signed-in reader stops one of their own subscriptions."""
    deleted, _ = subscriptions_of(user=user).filter(pk=subscription_id).delete()
    return bool(deleted)


def subscriptions_of(*, user):
    """Everything the reader's account or address follows, newest first."""
    return (
        Subscription.objects.filter(_owned_by(user))
        .select_related("article", "comment__discussion__article")
        .order_by("-created_at")
    )


def _owned_by(user) -> Q:
    query = Q(user_id=user.pk)
    if user.email:
        query |= Q(email=normalise_email(user.email))
    return query


def _matching(following: Following):
    field = "comment_id" if following.kind == Kind.REPLIES else "article_id"
    return Subscription.objects.filter(
        email=normalise_email(following.email),
        kind=following.kind,
        **{field: following.target_id},
    )


def _target_for(following: Following) -> dict:
    if following.kind == Kind.REPLIES:
        shown = Comment.objects.visible_to(PUBLIC)
        comment = shown.filter(pk=following.target_id).first()
        if comment is None:
            raise ValidationError("That comment is no longer in the discussion.")
        return {"comment": comment}
    article = ArticlePage.objects.live().filter(pk=following.target_id).first()
    if article is None:
        raise ValidationError("That article is no longer published.")
    return {"article": article}


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)
