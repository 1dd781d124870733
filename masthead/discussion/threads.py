"""Reads of a discussion, ready to render, at a fixed number of queries.

A page reads only its own rows: paging.py stores where each page begins, and
the comments come as plain rows rather than model instances.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .badges import badge_for
from .models import Comment, Discussion, Viewer
from .paging import page_number_of, page_span, thread_count
from .picks import ShownPick, picks_of
from .posting import change_deadline, top_level_path
from .reading_orders import OLDEST, paged_newest_first


@dataclass
class ThreadPage:
    comment_count: int
    comments: list["ShownComment"] = field(default_factory=list)
    page_number: int = 1
    page_count: int = 1
    is_open: bool = True
    newest_first: bool = False
    order: str = OLDEST
    default_order: str = OLDEST
    picks: list[ShownPick] = field(default_factory=list)

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
    # A join, not a query: whether the author's account belongs to the staff.
    "author__is_staff",
    "top_number",
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
    is_by_staff: bool | None
    top_number: int
    is_own: bool = False
    # Until when its author may still edit or delete it; None: not theirs, or
    # too late. The page shows Edit and Delete only meanwhile.
    changeable_until: datetime | None = None
    badge: str = ""
    shows_as_removed: bool = False
    number: int | None = None
    display_depth: int = 0
    in_reply_to: str | None = None
    opens_replies: bool = False
    closing_levels: int = 0
    # On the last reply shown of a long thread: how many more replies the
    # thread has, and the top-level comment whose page shows them all.
    more_replies: int = 0
    more_replies_of: int | None = None

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
    order: str = OLDEST,
    default_order: str = OLDEST,
    is_open: bool = True,
) -> ThreadPage:
    """One page of an article's discussion in the reader's order, with its picks.

    Three queries whatever the thread's size: the discussion (its counters and
    where its pages begin), the comments of this page in one ordered query
    (each author's staff flag joined in), and the discussion's editors' picks.
    Each comment comes with `number` (top-level only), `display_depth`,
    `in_reply_to` (past the display depth), `shows_as_removed`, `is_own`,
    `changeable_until` and `badge`; a long thread shows its first replies and
    counts the rest.
    """
    discussion = Discussion.objects.filter(article=article).first()
    newest_first = paged_newest_first(order, default=default_order)
    page = ThreadPage(
        comment_count=discussion.comment_count if discussion else 0,
        is_open=is_open,
        newest_first=newest_first,
        order=order,
        default_order=default_order,
    )
    if discussion is None:
        return page
    span = page_span(
        discussion, page_number=page_number or 1, newest_first=newest_first
    )
    page.page_number, page.page_count = span.page_number, span.page_count
    rows = _comments_between(
        discussion, viewer, low=span.low, high=span.high, newest_first=newest_first
    )
    kept = _arrange(rows, viewer, article_author_id=article.owner_id)
    shown = collapse_long_threads(kept, shown=settings.COMMENT_REPLIES_SHOWN)
    if shown:
        page.comments = _number_and_nest(shown, first_number=span.first_number)
    page.picks = picks_of(discussion, article_author_id=article.owner_id)
    return page


def whole_thread_for(comment: Comment, *, viewer: Viewer) -> list[ShownComment]:
    """The thread holding `comment`: its top-level comment and every reply
    under it, none folded away. One query; the caller holds the comment with
    its discussion and article, and may see it (so the list is not empty).
    """
    discussion, number = comment.discussion, comment.top_number
    rows = _comments_between(
        discussion, viewer, low=number, high=number + 1, newest_first=False
    )
    kept = _arrange(rows, viewer, article_author_id=discussion.article.owner_id)
    comments = _number_and_nest(kept, first_number=1)
    # Its number belongs to the page of the discussion it sits on.
    comments[0].number = None
    return comments


def collapse_long_threads(comments: list[ShownComment], *, shown: int) -> list:
    """Keep each thread's first `shown` replies; the last kept one counts the rest.

    A page of a busy discussion is mostly long reply chains; the rest of a
    chain is one link away (the thread's own page, which shows it whole).
    """
    kept: list[ShownComment] = []
    # The thread's page is named by its first comment the reader may see.
    replies_seen, last_shown, thread_name, thread = 0, None, None, None
    for comment in comments:
        # A new top-level number starts a thread, even one whose top-level
        # comment this reader does not see.
        if comment.top_number != thread:
            replies_seen, last_shown, thread_name = 0, None, None
            thread = comment.top_number
        else:
            replies_seen += 1
        if thread_name is None and not comment.shows_as_removed:
            thread_name = comment.pk
        if replies_seen <= shown:
            kept.append(comment)
            last_shown = comment
        elif last_shown is not None and not comment.shows_as_removed:
            last_shown.more_replies += 1
            last_shown.more_replies_of = thread_name
    return kept


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


def _comments_between(
    discussion, viewer: Viewer, *, low: int, high: int | None, newest_first: bool
) -> list[ShownComment]:
    """The visible comments of the page's threads, and the removed ones among
    them (whose place may still be marked), each with `is_visible`."""
    rows = Comment.objects.filter(discussion=discussion)
    if newest_first:
        rows = rows.filter(top_number__gte=low)
        if high is not None:
            rows = rows.filter(top_number__lt=high)
        rows = rows.order_by("-top_number", "thread_path")
    else:
        # A thread path starts with its top-level number at a fixed width, so
        # the (discussion, thread_path) index hands over the page already in
        # order, where sorting by top-level number took a sort of its own.
        rows = rows.filter(thread_path__gte=top_level_path(low))
        if high is not None:
            rows = rows.filter(thread_path__lt=top_level_path(high))
        rows = rows.order_by("thread_path")
    rows = (
        rows.with_visibility(viewer)
        .filter(Q(is_visible=True) | Q(status=Comment.Status.REMOVED))
        .values_list(*SHOWN_FIELDS)
    )
    return [ShownComment(*row) for row in rows]


def _arrange(
    rows: list[ShownComment], viewer: Viewer, *, article_author_id: int | None
) -> list[ShownComment]:
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
        comment.badge = badge_for(
            author_id=comment.author_id,
            is_by_staff=comment.is_by_staff,
            article_author_id=article_author_id,
        )
        if comment.is_visible or shown_below.get(comment.pk, False):
            kept.append(comment)
            if comment.parent_id:
                shown_below[comment.parent_id] = True
    kept.reverse()
    return kept


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
