"""Reads of a discussion, ready to render, at a fixed number of queries.

A page reads only its own rows: paging.py stores where each page begins, and
the comments come as plain rows rather than model instances.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Comment, Discussion, Viewer
from .paging import page_number_of, page_span, thread_count
from .posting import change_deadline, top_level_path


@dataclass
class ThreadPage:
    comment_count: int
    comments: list["ShownComment"] = field(default_factory=list)
    page_number: int = 1
    page_count: int = 1
    is_open: bool = True
    newest_first: bool = False

    @property
    def has_other_pages(self) -> bool:
        return self.page_count > 1


# The columns a page shows, in the order `ShownComment` takes them.
SHOWN_FIELDS = (
    "pk",
    "parent_id",
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
    "is_visible",
)


@dataclass(slots=True)
class ShownComment:
    """A comment as the thread shows it: its columns, then how it is placed."""

    pk: int
    parent_id: int | None
    depth: int
    status: str
    author_id: int | None
    author_name: str
    author_url: str
    html: str
    held_reason: str
    created_at: datetime
    edited_at: datetime | None
    is_deleted_by_author: bool
    is_visible: bool
    is_own: bool = False
    # Until when its author may still edit or delete it; None: not theirs, or
    # too late. The page shows Edit and Delete only meanwhile.
    changeable_until: datetime | None = None
    shows_as_removed: bool = False
    number: int | None = None
    display_depth: int = 0
    in_reply_to: str | None = None
    opens_replies: bool = False
    closing_levels: int = 0

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def is_approved(self) -> bool:
        return self.status == Comment.Status.APPROVED

    @property
    def is_held(self) -> bool:
        return self.status in Comment.HELD_STATUSES


def thread_for(
    article,
    *,
    viewer: Viewer,
    page_number: int | None = 1,
    newest_first: bool = False,
    is_open: bool = True,
) -> ThreadPage:
    """One page of an article's discussion, in display order.

    Two queries whatever the thread's size: the discussion (its counters and
    where its pages begin), then the comments of this page in one ordered
    query. Each comment comes with `number` (top-level only), `display_depth`,
    `in_reply_to` (past the display depth), `shows_as_removed`, `is_own` and
    `changeable_until`.
    """
    discussion = Discussion.objects.filter(article=article).first()
    page = ThreadPage(
        comment_count=discussion.comment_count if discussion else 0,
        is_open=is_open,
        newest_first=newest_first,
    )
    if discussion is None:
        return page
    span = page_span(
        discussion, page_number=page_number or 1, newest_first=newest_first
    )
    page.page_number, page.page_count = span.page_number, span.page_count
    rows = _comments_between(discussion, span, viewer, newest_first)
    page.comments = _arrange(rows, viewer, first_number=span.first_number)
    return page


def page_of_comment(comment: Comment, *, newest_first: bool) -> int:
    """The page of the discussion on which `comment` is shown.

    Read from where the discussion's pages begin, already loaded with it: no
    query, whatever the size of the discussion.
    """
    return page_number_of(
        comment.discussion, top_number=comment.top_number, newest_first=newest_first
    )


@dataclass(frozen=True)
class NewCommentPlace:
    """Where a comment just posted shows: its page, and its number there."""

    page_number: int
    number: int | None  # approved top-level comments only: held ones have none


def place_of_new_comment(comment: Comment, *, newest_first: bool) -> NewCommentPlace:
    """The page and number a reader will find `comment`, just posted, under.

    A new top-level comment is the newest thread: the last one counted oldest
    first, the first one newest first. No query, as for page_of_comment.
    """
    page_number = page_of_comment(comment, newest_first=newest_first)
    if comment.parent_id is not None or not comment.is_approved:
        return NewCommentPlace(page_number=page_number, number=None)
    number = 1 if newest_first else thread_count(comment.discussion)
    return NewCommentPlace(page_number=page_number, number=number)


def _comments_between(discussion, span, viewer: Viewer, newest_first) -> list:
    """The visible comments of the page's threads, and the removed ones among
    them (whose place may still be marked), each with `is_visible`."""
    rows = Comment.objects.filter(discussion=discussion)
    if newest_first:
        rows = rows.filter(top_number__gte=span.low)
        if span.high is not None:
            rows = rows.filter(top_number__lt=span.high)
        rows = rows.order_by("-top_number", "thread_path")
    else:
        # A thread path starts with its top-level number at a fixed width, so
        # the (discussion, thread_path) index hands over the page already in
        # order, where sorting by top-level number took a sort of its own.
        rows = rows.filter(thread_path__gte=top_level_path(span.low))
        if span.high is not None:
            rows = rows.filter(thread_path__lt=top_level_path(span.high))
        rows = rows.order_by("thread_path")
    rows = (
        rows.with_visibility(viewer)
        .filter(Q(is_visible=True) | Q(status=Comment.Status.REMOVED))
        .values_list(*SHOWN_FIELDS)
    )
    return [ShownComment(*row) for row in rows]


def _arrange(rows: list[ShownComment], viewer: Viewer, *, first_number: int) -> list:
    """Keep what this viewer may see and annotate it for the template.

    Of the comments the viewer may not see only removed ones were read; each
    stays, marked "comment removed" and nothing more, only while a reply below
    it is shown. Walking the list backwards tells each comment whether
    anything below it survived.
    """
    shown_below: dict[int, bool] = {}
    kept = []
    now = timezone.now()
    for comment in reversed(rows):
        comment.is_own = viewer.wrote(comment)
        if comment.is_own and (until := change_deadline(comment.created_at)) >= now:
            comment.changeable_until = until
        comment.shows_as_removed = not comment.is_visible
        if comment.is_visible or shown_below.get(comment.pk, False):
            kept.append(comment)
            if comment.parent_id:
                shown_below[comment.parent_id] = True
    kept.reverse()
    return _number_and_nest(kept, first_number=first_number) if kept else []


def _number_and_nest(
    comments: list[ShownComment], *, first_number: int
) -> list[ShownComment]:
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
