"""Reads of a discussion, ready to render, at a fixed number of queries."""

import math
from dataclasses import dataclass, field

from django.conf import settings

from .models import Comment, Discussion

SHOWN_STATUSES = tuple(Comment.Status)
# Held and spam comments show only to their authors, both as "awaiting
# moderation": a spammer learns nothing from being caught.
HELD_STATUSES = (Comment.Status.PENDING, Comment.Status.SPAM)


@dataclass(frozen=True)
class Viewer:
    """Who is reading: their own held comments are shown to them alone."""

    user_id: int | None = None
    own_comment_ids: frozenset[int] = frozenset()

    def wrote(self, comment: Comment) -> bool:
        if self.user_id is not None and comment.author_id == self.user_id:
            return True
        return comment.pk in self.own_comment_ids


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
        rows = _comments_under(discussion, shown_tops, newest_first)
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

    A thread shows if anything in it is approved, or it holds the viewer's own
    comment awaiting moderation.
    """
    rows = Comment.objects.filter(
        discussion=discussion, status__in=SHOWN_STATUSES
    ).values_list("top_number", "status", "author_id", "pk")
    visible = {
        top
        for top, status, author_id, pk in rows
        if status == Comment.Status.APPROVED
        or (status in HELD_STATUSES and _owns(viewer, author_id, pk))
    }
    return sorted(visible, reverse=bool(newest_first))


def _owns(viewer: Viewer, author_id, pk) -> bool:
    if viewer.user_id is not None and author_id == viewer.user_id:
        return True
    return pk in viewer.own_comment_ids


def _comments_under(discussion, top_numbers: list[int], newest_first) -> list[Comment]:
    order = ("-top_number" if newest_first else "top_number", "thread_path")
    return list(
        Comment.objects.filter(
            discussion=discussion,
            status__in=SHOWN_STATUSES,
            top_number__gte=min(top_numbers),
            top_number__lte=max(top_numbers),
        )
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

    A removed comment stays, marked "comment removed", only while a reply below it is
    shown; a held comment shows only to its author. Walking the list backwards
    tells each comment whether anything below it survived.
    """
    shown_below: dict[int, bool] = {}
    kept = []
    for comment in reversed(rows):
        comment.is_own = viewer.wrote(comment)
        has_shown_reply = shown_below.get(comment.pk, False)
        if comment.status == Comment.Status.APPROVED:
            keep = True
        elif comment.status in HELD_STATUSES:
            keep = comment.is_own
        else:
            keep = has_shown_reply
        comment.shows_as_removed = comment.status == Comment.Status.REMOVED
        if keep:
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
    names = {comment.pk: comment.author_name for comment in comments}
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
