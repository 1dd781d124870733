"""Finding a thread's own page: where a long reply chain shows whole."""

from django.conf import settings
from django.urls import reverse

from .models import Comment


def is_folded(comment: Comment) -> bool:
    """Whether the article page leaves this reply behind "N more replies".

    Counted over every earlier reply of its thread, shown or not: a reply
    this errs on lands on its thread's own page, which shows every reply.
    """
    if comment.depth == 0:
        return False
    earlier = Comment.objects.filter(
        discussion_id=comment.discussion_id,
        top_number=comment.top_number,
        depth__gt=0,
        thread_path__lt=comment.thread_path,
    )
    return earlier.count() >= settings.COMMENT_REPLIES_SHOWN


def thread_page_url(comment: Comment) -> str:
    """The thread's own page, at this comment (the page sends any comment's
    address on to its thread's)."""
    return f"{reverse('discussion:replies', args=[comment.pk])}#{comment.anchor}"
