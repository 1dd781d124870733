"""Where each page of a discussion begins, stored when the discussion changes.

A page holds whole threads (a top-level comment with every reply under it):
at most COMMENTS_PER_PAGE approved comments and about COMMENT_PAGE_BYTES of
comment HTML. A single thread heavier than that gets a page of its own rather
than being cut, so a reply is never separated from its parent.

The pages are stored on the Discussion as ranges of top-level numbers, once
for each order: oldest first fills pages from the oldest thread, newest first
from the newest, so the first page a reader meets is full in either order.
Reading a page, or finding the page of a comment, then reads no other rows.

When comments change, only the pages holding them are weighed again: a page
that overflows splits where it overflows, and neighbours that fit together
merge. Pages elsewhere keep their boundaries (their permalinks and cached
copies stay good), and any two neighbours together are over the limit, so
pages stay more than half full on average.
"""

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Func, IntegerField, Sum

from .models import Comment, Discussion

OLDEST, NEWEST = "oldest", "newest"
# Each stored page: [lowest top-level number, approved comments, bytes, threads].
LOW, COMMENTS, BYTES, THREADS = range(4)
# What the page adds around each comment's own HTML (header, links, list
# markup); measured on bench/discussion.py's pages, rounded up.
MARKUP_BYTES = 1_000


@dataclass(frozen=True)
class PageSpan:
    """One page of a discussion as a range of top-level numbers."""

    page_number: int
    page_count: int
    low: int
    high: int | None  # the first top-level number past the page; None: no end
    first_number: int  # the number shown on the page's first top-level comment


def page_span(discussion, *, page_number: int, newest_first: bool) -> PageSpan:
    """The page asked for, or the nearest one that exists."""
    pages = _pages(discussion, newest_first)
    count = len(pages)
    number = min(max(1, page_number), count)
    index = count - number if newest_first else number - 1
    earlier = pages[index + 1 :] if newest_first else pages[:index]
    high = pages[index + 1][LOW] if index + 1 < count else None
    return PageSpan(
        page_number=number,
        page_count=count,
        low=pages[index][LOW],
        high=high,
        first_number=1 + sum(page[THREADS] for page in earlier),
    )


def page_number_of(discussion, *, top_number: int, newest_first: bool) -> int:
    """The page showing the thread numbered `top_number`; no query is made
    unless the stored pages were made for other limits."""
    pages = _pages(discussion, newest_first)
    index = _index_of(pages, top_number)
    return len(pages) - index if newest_first else index + 1


def thread_count(discussion) -> int:
    """How many threads (top-level comments) the public sees numbered."""
    return sum(page[THREADS] for page in _pages(discussion, False))


def page_count_of(discussion) -> int:
    """How many pages the discussion has in the longer of its two orders."""
    return max(len(_pages(discussion, False)), len(_pages(discussion, True)))


@transaction.atomic
def refresh_pages(discussion, *, top_numbers: Iterable[int] | None = None) -> None:
    """Weigh again the pages holding these threads (every page when None).

    Call inside the transaction that changed the comments: the discussion's
    row is locked so that two writers cannot each store half of the truth.
    """
    stored = (
        Discussion.objects.select_for_update()
        .values_list("page_layout", flat=True)
        .get(pk=discussion.pk)
    )
    limits = _limits()
    if top_numbers is None or not stored or stored.get("limits") != limits:
        layout = _whole_layout(discussion, limits)
    else:
        layout = _refreshed_layout(discussion, stored, sorted(set(top_numbers)))
    count = approved_count(layout)
    Discussion.objects.filter(pk=discussion.pk).update(
        page_layout=layout, comment_count=count
    )
    discussion.page_layout, discussion.comment_count = layout, count


def approved_count(layout: dict) -> int:
    """The approved comments on the stored pages: the count readers see.

    The pages hold every thread, each weighed from its approved rows, so
    their sum is the count without counting the discussion's rows again.
    """
    return sum(page[COMMENTS] for page in layout[OLDEST])


def with_comment_added(
    layout: dict, *, top_number: int, html: str, is_new_thread: bool
) -> dict | None:
    """The stored pages after one approved comment joins thread `top_number`.

    Worked out from the stored sums alone when the pages holding that thread
    still fit (or hold that thread only, which is never cut); None when a
    page would overflow, or the layout was made for other limits, and the
    caller must weigh the pages again from the rows (refresh_pages).
    """
    limits = _limits()
    if not layout or layout.get("limits") != limits:
        return None
    max_comments, max_bytes = limits
    size = len(html.encode()) + MARKUP_BYTES
    changed = {"limits": limits}
    for order in (OLDEST, NEWEST):
        pages = [list(page) for page in layout[order]]
        page = pages[_index_of(pages, top_number)]
        page[COMMENTS] += 1
        page[BYTES] += size
        page[THREADS] += int(is_new_thread)
        overflows = page[COMMENTS] > max_comments or page[BYTES] > max_bytes
        if overflows and (is_new_thread or page[THREADS] > 1):
            return None
        changed[order] = pages
    return changed


def _pages(discussion, newest_first: bool) -> list[list[int]]:
    layout = discussion.page_layout
    if not layout or layout.get("limits") != _limits():
        # Made before pages were stored, or for other limits: lay out afresh.
        refresh_pages(discussion)
        layout = discussion.page_layout
    return layout[NEWEST if newest_first else OLDEST]


def _limits() -> list[int]:
    return [settings.COMMENTS_PER_PAGE, settings.COMMENT_PAGE_BYTES]


def _index_of(pages: list[list[int]], top_number: int) -> int:
    return max(0, bisect_right([page[LOW] for page in pages], top_number) - 1)


def _whole_layout(discussion, limits: list[int]) -> dict:
    threads = _thread_weights(discussion, low=0, high=None)
    return {
        "limits": limits,
        OLDEST: _pack(threads, low=0, limits=limits, from_newest=False),
        NEWEST: _pack(threads, low=0, limits=limits, from_newest=True),
    }


def _refreshed_layout(discussion, stored: dict, top_numbers: list[int]) -> dict:
    """Re-pack only the pages holding `top_numbers`, read in one query."""
    limits = stored["limits"]
    touched = {
        order: sorted({_index_of(stored[order], top) for top in top_numbers})
        for order in (OLDEST, NEWEST)
    }
    spans = [
        _bounds(stored[order], index)
        for order, indexes in touched.items()
        for index in indexes
    ]
    highs = [high for _, high in spans]
    threads = _thread_weights(
        discussion,
        low=min(low for low, _ in spans),
        high=None if None in highs else max(highs),
    )
    layout = {"limits": limits}
    for order, indexes in touched.items():
        pages, from_newest = list(stored[order]), order == NEWEST
        for index in reversed(indexes):
            low, high = _bounds(stored[order], index)
            inside = [
                thread
                for thread in threads
                if thread[0] >= low and (high is None or thread[0] < high)
            ]
            pages[index : index + 1] = _pack(
                inside, low=low, limits=limits, from_newest=from_newest
            )
        layout[order] = _merge(pages, limits=limits, from_newest=from_newest)
    return layout


def _bounds(pages: list[list[int]], index: int) -> tuple[int, int | None]:
    high = pages[index + 1][LOW] if index + 1 < len(pages) else None
    return pages[index][LOW], high


class _OctetLength(Func):
    """The stored HTML's size in bytes, as the page will carry it."""

    function = "OCTET_LENGTH"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="LENGTH(CAST(%(expressions)s AS BLOB))"
        )


def _thread_weights(discussion, *, low: int, high: int | None) -> list[tuple]:
    """(top-level number, approved comments, bytes) of each thread anyone sees.

    Only approved comments count: they are what the public sees. A reader's
    own held comments and the "comment removed" notes add a little on top.
    """
    rows = Comment.objects.filter(
        discussion=discussion, status=Comment.Status.APPROVED, top_number__gte=low
    )
    if high is not None:
        rows = rows.filter(top_number__lt=high)
    weights = (
        rows.order_by("top_number")
        .values("top_number")
        .annotate(comments=Count("pk"), size=Sum(_OctetLength("html")))
        .values_list("top_number", "comments", "size")
    )
    return [(top, count, size + count * MARKUP_BYTES) for top, count, size in weights]


def _pack(threads, *, low: int, limits, from_newest: bool) -> list[list[int]]:
    """Fill pages with whole threads in reading order; ascending by number."""
    max_comments, max_bytes = limits
    pages, page = [], None
    for top, comments, size in reversed(threads) if from_newest else threads:
        if page is not None and (
            page[COMMENTS] + comments > max_comments or page[BYTES] + size > max_bytes
        ):
            pages.append(page)
            page = None
        if page is None:
            page = [top, 0, 0, 0]
        page[LOW] = min(page[LOW], top)
        page[COMMENTS] += comments
        page[BYTES] += size
        page[THREADS] += 1
    pages.append(page or [low, 0, 0, 0])
    if from_newest:
        pages.reverse()
    # The first page of the range starts where the range did, so held and
    # emptied threads before its first approved comment still belong to a page.
    pages[0][LOW] = low
    return pages


def _merge(pages, *, limits, from_newest: bool) -> list[list[int]]:
    """Join neighbours whose comments fit on one page, in reading order."""
    max_comments, max_bytes = limits
    merged: list[list[int]] = []
    for page in reversed(pages) if from_newest else pages:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last[COMMENTS] + page[COMMENTS] <= max_comments
            and last[BYTES] + page[BYTES] <= max_bytes
        ):
            merged[-1] = [
                min(last[LOW], page[LOW]),
                *(last[field] + page[field] for field in (COMMENTS, BYTES, THREADS)),
            ]
        else:
            merged.append(list(page))
    if from_newest:
        merged.reverse()
    return merged
