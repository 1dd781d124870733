"""The replies a signed-in reader's comments received."""

from django.db.models import QuerySet

from masthead.discussion.models import Comment
from masthead.publishing.models import ArticlePage


def replies_to(*, user) -> QuerySet[Comment]:
    """Approved replies by others to the reader's comments, newest first.

    Each comes with its article and the comment it answers, so a page of them
    costs one query whatever its length. Replies on articles no longer
    published stay out, as they do everywhere else.
    """
    return (
        Comment.objects.approved()
        .filter(parent__author=user)
        .exclude(author=user)
        .filter(discussion__article__in=ArticlePage.objects.live().public())
        .select_related("discussion__article", "parent")
        .order_by("-created_at", "-pk")
    )
