"""Bans: a banned reader's new comments go quietly to spam."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from masthead.discussion.models import Comment

from . import decisions
from .models import Ban


def ban_author_of(
    *,
    comment: Comment,
    kinds: list[str],
    until: datetime | None,
    reason: str,
    moderator,
) -> list[Ban]:
    """Ban the comment's account, e-mail address and/or hashed address.

    Kinds the comment has no value for (a guest has no account; an imported
    comment may have no address) are left out of what is returned.
    """
    values = _ban_values(comment)
    return [
        Ban.objects.create(
            kind=kind,
            value=values[kind],
            until=until,
            reason=reason,
            created_by=moderator,
        )
        for kind in kinds
        if values.get(kind)
    ]


def ban_kinds_for(comment: Comment) -> list[tuple[str, str]]:
    """The kinds of ban the comment's author can be given, as (value, label):
    a guest has no account to ban, an imported comment may have no address."""
    values = _ban_values(comment)
    return [(kind, label) for kind, label in Ban.Kind.choices if values[kind]]


@transaction.atomic
def ban_and_mark_spam(
    *,
    comment: Comment,
    kinds: list[str],
    until: datetime | None,
    reason: str,
    moderator,
) -> list[Ban]:
    """Ban the comment's author and move the comment to spam, in one step.

    Raises ValidationError when none of `kinds` applies to this author: the
    comment is left as it was rather than spammed without a ban.
    """
    bans = ban_author_of(
        comment=comment, kinds=kinds, until=until, reason=reason, moderator=moderator
    )
    if not bans:
        raise ValidationError("Choose what to ban: the address, the e-mail or both.")
    decisions.decide(comment_ids=[comment.pk], action="spam", moderator=moderator)
    return bans


def _ban_values(comment: Comment) -> dict[str, str]:
    return {
        Ban.Kind.ACCOUNT: str(comment.author_id or ""),
        Ban.Kind.EMAIL: comment.author_email.lower(),
        Ban.Kind.IP: comment.ip_hash,
    }
