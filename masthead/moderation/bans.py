"""Bans: a banned reader's new comments go quietly to spam."""

from datetime import datetime

from masthead.discussion.models import Comment

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
    values = {
        Ban.Kind.ACCOUNT: str(comment.author_id or ""),
        Ban.Kind.EMAIL: comment.author_email.lower(),
        Ban.Kind.IP: comment.ip_hash,
    }
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
