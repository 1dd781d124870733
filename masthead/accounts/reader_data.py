"""A reader's own data: everything we hold about them, and erasing it.

Used by readers on their account pages and by moderators answering a
request by e-mail (GDPR), so both give the same answer.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from masthead import privacy
from masthead.discussion.models import Comment, Discussion
from masthead.discussion.posting import recount_comments
from masthead.notifications.models import OutboxMail, Subscription
from masthead.notifications.sending import recipient_hash
from masthead.privacy import normalise_email

FORMER_READER = "a former reader"


@dataclass(frozen=True)
class Erasure:
    comments: int
    subscriptions: int
    had_account: bool


def comments_of(*, user=None, email: str = ""):
    """Comments written by the account, or as a guest under the address."""
    wanted = Q(pk__in=[])
    if user is not None:
        wanted |= Q(author=user)
    if email:
        wanted |= Q(author_email__iexact=email)
    return Comment.objects.filter(wanted)


def subscriptions_for(*, user=None, email: str = ""):
    wanted = Q(pk__in=[])
    if user is not None:
        wanted |= Q(user=user)
    if email:
        wanted |= Q(email=normalise_email(email))
    return Subscription.objects.filter(wanted)


def export_reader_data(*, user=None, email: str = "") -> dict:
    """Everything held about the account and/or address, ready for json.dumps."""
    comments = comments_of(user=user, email=email).select_related("discussion__article")
    subscriptions = subscriptions_for(user=user, email=email)
    return {
        "exported_at": timezone.now().isoformat(),
        "account": _account_data(user) if user is not None else None,
        "comments": [_comment_data(comment) for comment in comments.order_by("pk")],
        "subscriptions": [
            {
                "kind": subscription.kind,
                "email": subscription.email,
                "comment_id": subscription.comment_id,
                "article_id": subscription.article_id,
                "confirmed_at": _when(subscription.confirmed_at),
                "created_at": _when(subscription.created_at),
            }
            for subscription in subscriptions.order_by("pk")
        ],
        "notification_mails": [
            {
                "about_comment_id": mail.reply_id,
                "state": mail.state,
                "sent_at": _when(mail.sent_at),
            }
            for mail in outbox_mails_for(
                addresses=_addresses(user=user, email=email),
                subscriptions=subscriptions,
            ).order_by("pk")
        ],
    }


@transaction.atomic
def erase_reader(*, user=None, email: str = "", keep_comments: bool) -> Erasure:
    """Delete the account and subscriptions; anonymise or remove the comments.

    Comment rows always stay, so replies keep their place in the thread:
    kept comments lose their author's name, address, website and hashed IP
    ("a former reader"); removed ones also lose their words and show as
    "comment removed". Notification mails to the address, sent or waiting,
    and background-task records naming it go too.
    """
    addresses = _addresses(user=user, email=email)
    comments = comments_of(user=user, email=email)
    discussion_ids = set(comments.values_list("discussion_id", flat=True))
    anonymous = {
        "author": None,
        "author_name": FORMER_READER,
        "author_email": "",
        "author_url": "",
        "ip_hash": "",
    }
    if not keep_comments:
        anonymous |= {
            "status": Comment.Status.REMOVED,
            "is_deleted_by_author": True,
            "text": "",
            "html": "",
        }
    erased = comments.update(**anonymous)
    erased_subscriptions = subscriptions_for(user=user, email=email)
    outbox_mails_for(addresses=addresses, subscriptions=erased_subscriptions).delete()
    subscriptions, _ = erased_subscriptions.delete()
    for discussion in Discussion.objects.filter(pk__in=discussion_ids):
        recount_comments(discussion)
    forget_task_records(addresses=addresses)
    if user is not None:
        user.delete()
    return Erasure(
        comments=erased, subscriptions=subscriptions, had_account=user is not None
    )


def outbox_mails_for(*, addresses: set[str], subscriptions):
    """Notification mails to any of `addresses`, sent or waiting, including
    those still tied to `subscriptions` (a hash made with an older key)."""
    return OutboxMail.objects.filter(
        Q(recipient_hash__in=[recipient_hash(address) for address in addresses])
        | Q(subscription__in=subscriptions)
    )


def forget_task_records(*, addresses: set[str]) -> int:
    """Delete background-task records that name any of `addresses`; return how many.

    Tasks now take ids, but records written before that (and a failed task's
    traceback) can still hold an address in the database's task results table.
    """
    from django_tasks_db.models import DBTaskResult

    naming = Q(pk__in=[])
    for address in addresses:
        naming |= Q(arguments__icontains=address) | Q(traceback__icontains=address)
    deleted, _ = (
        DBTaskResult.objects.annotate(arguments=Cast("args_kwargs", TextField()))
        .filter(naming)
        .delete()
    )
    return deleted


def _addresses(*, user, email: str) -> set[str]:
    addresses = {normalise_email(email), normalise_email(user.email if user else "")}
    addresses.discard("")
    return addresses


def hash_email(email: str) -> str:
    return privacy.hash_email(email, purpose="accounts.email")


def _account_data(user) -> dict:
    from allauth.account.models import EmailAddress

    return {
        "username": user.username,
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "email_addresses": [
            {"email": address.email, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }


def _comment_data(comment: Comment) -> dict:
    article = comment.discussion.article
    return {
        "id": comment.pk,
        "article": article.title,
        "article_url": article.full_url,
        "in_reply_to": comment.parent_id,
        "created_at": _when(comment.created_at),
        "edited_at": _when(comment.edited_at),
        "status": comment.status,
        "name": comment.author_name,
        "email": comment.author_email,
        "website": comment.author_url,
        "text": comment.text,
    }


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None
