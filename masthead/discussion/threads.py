"""Reads of a discussion, ready to render, at a fixed number of queries."""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from .models import Comment, Discussion, Viewer


@dataclass
class ThreadPage:
    comment_count: int
    comments: list[Comment] = field(default_factory=list)
    page_number: int = 1
    page_count: int = 1
    is_open: bool = True
    newest_first: bool = False

    @property
    def has_other_pages(self) -> bool:
        return self.page_count > 1


def thread_for(
    article,
    *,
    viewer: Viewer,
    page_number: int | None = 1,
    newest_first: bool = False,
    is_open: bool = True,
) -> ThreadPage:
    """One page of an article's discussion, in display order.

    Three queries whatever the thread's size: the discussion's counters, the
    top-level numbers shown, and every comment of this page in one ordered
    query. Each comment comes with `number` (top-level only), `display_depth`,
    `in_reply_to` (past the display depth), `shows_as_removed` and `is_own`.
    """
    discussion = Discussion.objects.filter(article=article).first()
    page = ThreadPage(
        comment_count=discussion.comment_count if discussion else 0,
        is_open=is_open,
        newest_first=newest_first,
    )
    if discussion is None:
        return page
    tops = _visible_top_numbers(discussion, viewer, newest_first)
    per_page = settings.COMMENTS_PER_PAGE
    page.page_count = max(1, math.ceil(len(tops) / per_page))
    page.page_number = min(max(1, page_number or 1), page.page_count)
    first = (page.page_number - 1) * per_page
    shown_tops = tops[first : first + per_page]
    if shown_tops:
        rows = _comments_under(discussion, shown_tops, viewer, newest_first)
        page.comments = _arrange(rows, viewer, first_number=first + 1)
    return page


def page_of_comment(comment: Comment, *, viewer: Viewer, newest_first: bool) -> int:
    """The page of the discussion on which `comment` is shown."""
    tops = _visible_top_numbers(comment.discussion, viewer, newest_first)
    if comment.top_number not in tops:
        return 1
    return tops.index(comment.top_number) // settings.COMMENTS_PER_PAGE + 1


def _visible_top_numbers(discussion, viewer: Viewer, newest_first) -> list[int]:
    """Top-level numbers of the threads a viewer sees, in display order.

    A thread shows if anything in it is visible to the viewer.
    """
    order = "-top_number" if newest_first else "top_number"
    return list(
        Comment.objects.filter(discussion=discussion)
        .visible_to(viewer)
        .order_by(order)
        .values_list("top_number", flat=True)
        .distinct()
    )


def _comments_under(
    discussion, top_numbers: list[int], viewer: Viewer, newest_first
) -> list[Comment]:
    """The visible comments of these threads, and the removed ones among them
    (whose place may still be marked), each with `is_visible`."""
    order = ("-top_number" if newest_first else "top_number", "thread_path")
    return list(
        Comment.objects.filter(
            discussion=discussion,
            top_number__gte=min(top_numbers),
            top_number__lte=max(top_numbers),
        )
        .with_visibility(viewer)
        .filter(Q(is_visible=True) | Q(status=Comment.Status.REMOVED))
        .only(
            "pk",
            "parent_id",
            "top_number",
            "depth",
            "status",
            "author_id",
            "author_name",
            "author_url",
            "html",
            "held_reason",
            "created_at",
            "edited_at",
            "is_deleted_by_author",
            "discussion_id",
            "thread_path",
        )
        .order_by(*order)
    )


def _arrange(rows: list[Comment], viewer: Viewer, *, first_number: int) -> list:
    """Keep what this viewer may see and annotate it for the template.

    Of the comments the viewer may not see only removed ones were read; each
    stays, marked "comment removed" and nothing more, only while a reply below
    it is shown. Walking the list backwards tells each comment whether
    anything below it survived.
    """
    shown_below: dict[int, bool] = {}
    kept = []
    for comment in reversed(rows):
        comment.is_own = viewer.wrote(comment)
        comment.shows_as_removed = not comment.is_visible
        if comment.is_visible or shown_below.get(comment.pk, False):
            kept.append(comment)
            if comment.parent_id:
                shown_below[comment.parent_id] = True
    kept.reverse()
    return _number_and_nest(kept, first_number=first_number)


def _number_and_nest(comments: list[Comment], *, first_number: int) -> list[Comment]:
    """Number top-level comments and work out each one's nesting for the HTML.

    A reply never sits more than one level below the comment before it, so a
    reply whose parent is hidden (or past the display depth) still nests
    cleanly; it then says whom it answers.
    """
    max_depth = settings.COMMENT_DISPLAY_DEPTH
    # A removed comment's author is not named, even as the one answered.
    names = {c.pk: c.author_name for c in comments if not c.shows_as_removed}
    number, previous_depth = first_number, -1
    for comment in comments:
        comment.number = None
        if comment.depth == 0:
            comment.number = number
            number += 1
        comment.display_depth = min(comment.depth, max_depth, previous_depth + 1)
        comment.in_reply_to = (
            names.get(comment.parent_id)
            if comment.display_depth != comment.depth
            else None
        )
        previous_depth = comment.display_depth
    for current, following in zip(comments, [*comments[1:], None], strict=True):
        next_depth = following.display_depth if following else 0
        current.opens_replies = next_depth > current.display_depth
        current.closing_levels = max(0, current.display_depth - next_depth)
    return comments
