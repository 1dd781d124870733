"""The comment a door was asked about, found only if the reader may see it.

Comment ids are sequential, so every door that takes one (reply, quote,
permalink, edit, delete, report, a reply's parent) looks it up here, through
`Comment.objects.visible_to`: a held or removed comment then answers exactly
as a missing one does, and nothing of it reaches the page.
"""

from django.http import Http404

from masthead.publishing.models import ArticlePage
from masthead.publishing.restrictions import public_only

from .models import Comment
from .ownership import viewer_for


def shown_comment(request, comment_id, *, approved_only: bool = False) -> Comment:
    """The comment, on a published public article, that this reader may see.

    With `approved_only` (replying, quoting, reporting), only an approved one:
    a held comment takes no replies until a moderator approves it, even from
    its author, as posting insists. Raises Http404 otherwise, as for an id
    that never existed.
    """
    comments = Comment.objects.visible_to(viewer_for(request))
    if approved_only:
        comments = comments.approved()
    comment = (
        comments.select_related("discussion__article")
        .filter(pk=comment_id)
        .filter(discussion__article__in=public_only(ArticlePage.objects.live()))
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    return comment


def shown_parent(request, *, article, parent_id: int) -> Comment | None:
    """The comment of `article` a reply names as its parent, if the poster may
    see it; None for a hidden comment as for a missing one."""
    return (
        Comment.objects.visible_to(viewer_for(request))
        .filter(pk=parent_id, discussion__article=article)
        .first()
    )
