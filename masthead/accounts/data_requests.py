"""Moderators answer readers' data requests (GDPR) by e-mail address.

Every export and erasure is recorded as a ReaderRequest and logged in
Wagtail's history; neither record keeps the address itself.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log

from .models import ReaderRequest, User
from .reader_data import (
    Erasure,
    comments_of,
    erase_reader,
    export_reader_data,
    hash_email,
    subscriptions_for,
)

LOG_ACTIONS = {
    ReaderRequest.Action.EXPORT: "masthead.reader.export",
    ReaderRequest.Action.ANONYMISE: "masthead.reader.anonymise",
    ReaderRequest.Action.REMOVE: "masthead.reader.remove",
}


@dataclass(frozen=True)
class ReaderSummary:
    """What is held under one address, for the moderator to see before acting."""

    email: str
    account: User | None
    comment_count: int
    subscription_count: int
    earlier_requests: list[ReaderRequest]


def look_up_reader(*, email: str) -> ReaderSummary:
    account = account_for(email)
    return ReaderSummary(
        email=email,
        account=account,
        comment_count=comments_of(user=account, email=email).count(),
        subscription_count=subscriptions_for(user=account, email=email).count(),
        earlier_requests=list(
            ReaderRequest.objects.filter(email_hash=hash_email(email)).order_by(
                "-created_at"
            )
        ),
    )


@transaction.atomic
def export_on_request(*, email: str, moderator) -> dict:
    """The address's data, as the reader would download it; logged."""
    data = export_reader_data(user=account_for(email), email=email)
    _record(
        ReaderRequest.Action.EXPORT,
        email=email,
        moderator=moderator,
        details={"comments": len(data["comments"])},
    )
    return data


@transaction.atomic
def erase_on_request(*, email: str, keep_comments: bool, moderator) -> Erasure:
    """Erase the address's account and data as the reader could; logged.

    Raises ValidationError for a staff account: editors are removed in
    Wagtail's user admin, where their pages and revisions are handled.
    """
    account = account_for(email)
    if account is not None and (account.is_staff or account.is_superuser):
        raise ValidationError(
            "This address belongs to a staff account: remove it under Settings → Users."
        )
    erasure = erase_reader(user=account, email=email, keep_comments=keep_comments)
    action = (
        ReaderRequest.Action.ANONYMISE if keep_comments else ReaderRequest.Action.REMOVE
    )
    _record(
        action,
        email=email,
        moderator=moderator,
        details={
            "comments": erasure.comments,
            "subscriptions": erasure.subscriptions,
            "had_account": erasure.had_account,
        },
    )
    return erasure


def account_for(email: str) -> User | None:
    if not email:
        return None
    return User.objects.filter(email__iexact=email.strip()).first()


def _record(action: str, *, email: str, moderator, details: dict) -> None:
    request = ReaderRequest.objects.create(
        action=action, email_hash=hash_email(email), moderator=moderator
    )
    log(instance=request, action=LOG_ACTIONS[action], user=moderator, data=details)
