"""Readers claim the comments they wrote as guests, once they prove the address."""

from django.db import transaction

from masthead.discussion.models import Comment


@transaction.atomic
def claim_guest_comments(*, user, email: str) -> int:
    """Attach guest comments written under `email` to `user`; return how many.

    Call only once the reader has verified `email`: whoever controls the
    address wrote those comments, or could have.
    """
    if not email:
        return 0
    return Comment.objects.filter(
        author__isnull=True, author_email__iexact=email
    ).update(author=user)
