"""Signed links in notification mails: unsubscribe and confirm, no sign-in needed.

An unsubscribe token names the address and what it follows, not a row id,
so it still answers sensibly after the row is gone ("already unsubscribed")
and can subscribe the same address again. Confirmation tokens expire; the
unsubscribe link in an old mail keeps working, as mail clients expect.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

_UNSUBSCRIBE_SALT = "masthead.notifications.unsubscribe"
_CONFIRM_SALT = "masthead.notifications.confirm"


class BadLink(Exception):
    """The link was altered, cut short or has expired."""


@dataclass(frozen=True)
class Following:
    """What an unsubscribe link stands for: an address and what it follows."""

    email: str
    kind: str
    target_id: int


def unsubscribe_token(*, email: str, kind: str, target_id: int) -> str:
    return signing.dumps([email, kind, target_id], salt=_UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> Following:
    """The subscription a link stands for; raises BadLink if it was tampered with."""
    try:
        email, kind, target_id = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
        return Following(email=str(email), kind=str(kind), target_id=int(target_id))
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink("This unsubscribe link is not valid.") from error


def confirm_token(*, email: str, subscription_ids: list[int]) -> str:
    return signing.dumps([email, subscription_ids], salt=_CONFIRM_SALT)


def read_confirm_token(token: str) -> tuple[str, list[int]]:
    """The address and subscription ids a confirmation link stands for.

    Raises BadLink when the link was altered or is older than
    SUBSCRIPTION_CONFIRM_DAYS.
    """
    max_age = settings.SUBSCRIPTION_CONFIRM_DAYS * 24 * 60 * 60
    try:
        email, ids = signing.loads(token, salt=_CONFIRM_SALT, max_age=max_age)
        return str(email), [int(pk) for pk in ids]
    except signing.SignatureExpired as error:
        raise BadLink("This confirmation link has expired.") from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink("This confirmation link is not valid.") from error
