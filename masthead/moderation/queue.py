"""Reads for the moderation queue: one page of comments at a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from masthead.discussion.models import Comment
from masthead.discussion.text_search import containing_words
from masthead.moderation.author_records import attach_author_records
from masthead.moderation.decisions import actions_for
from masthead.moderation.held_reasons import why_held
from masthead.publishing.models import SectionPage

PER_PAGE = 50
# Counts stop here ("10,000+"): counting further would cost time in
# proportion to the table, and no moderator pages through more.
COUNT_LIMIT = 10_000
TABS = {
    "pending": ("Pending", Q(status=Comment.Status.PENDING)),
    "flagged": (
        "Flagged by readers",
        # Approved or pending, said as "not rejected" so that the flagged
        # index (report_count > 0), not the status one, serves it.
        Q(report_count__gt=0)
        & ~Q(status__in=[Comment.Status.SPAM, Comment.Status.REMOVED]),
    ),
    "approved": ("Approved", Q(status=Comment.Status.APPROVED)),
    "spam": ("Spam", Q(status=Comment.Status.SPAM)),
    "removed": ("Removed", Q(status=Comment.Status.REMOVED)),
    "all": ("All", Q()),
}


@dataclass(frozen=True)
class QueueFilters:
    tab: str = "pending"
    article_id: int | None = None
    article_title: str = ""
    section_id: int | None = None
    author: str = ""
    text: str = ""
    since: date | None = None
    until: date | None = None


def queue_page(*, filters: QueueFilters, page_number, count: int | None = None) -> Page:
    """A page of the queue, newest first, each comment with its author's record.

    `count` is the tab's capped count when the caller has it (tab_counts);
    otherwise it is counted here. Four queries whatever the queue's size: the
    count, the page's ids, the page's comments with their articles and
    parents, the authors' approved and rejected totals (and the section
    filter's path when one is set).
    """
    ids = _filtered(filters).order_by("-created_at", "-pk").values_list("pk", flat=True)
    paginator = _CappedPaginator(ids, PER_PAGE)
    if count is not None:
        paginator.capped = min(count, COUNT_LIMIT)
    page = paginator.get_page(page_number)
    page.object_list = _comments_in_order(list(page.object_list))
    attach_author_records(page.object_list)
    for comment in page.object_list:
        comment.actions = actions_for(comment.status)
        comment.why = why_held(
            held_reason=comment.held_reason, spam_score=comment.spam_score
        )
    return page


def tab_counts(filters: QueueFilters = QueueFilters()) -> dict[str, int]:
    """How many comments each tab holds under the other filters, up to
    COUNT_LIMIT + 1 (a query per tab, each reading at most that many index
    entries); `shown_count` says it as the tab does."""
    narrowed = _narrowed(filters)
    return {
        key: capped_count(narrowed.filter(condition))
        for key, (_, condition) in TABS.items()
    }


def capped_count(comments: QuerySet[Comment]) -> int:
    """The number of `comments`, counting no further than COUNT_LIMIT + 1."""
    return comments.order_by()[: COUNT_LIMIT + 1].count()


def shown_pending_count() -> str:
    """The pending count for the admin menu ("" when none wait)."""
    count = capped_count(Comment.objects.filter(status=Comment.Status.PENDING))
    return shown_count(count) if count else ""


def sections_to_filter_by() -> list[SectionPage]:
    """The sections, in site order, for the queue's section filter (one query)."""
    return list(SectionPage.objects.order_by("path").only("pk", "title"))


def _filtered(filters: QueueFilters) -> QuerySet[Comment]:
    _, condition = TABS.get(filters.tab, TABS["pending"])
    return _narrowed(filters).filter(condition)


def _narrowed(filters: QueueFilters) -> QuerySet[Comment]:
    """Comments matching every filter but the tab."""
    comments = Comment.objects.all()
    if filters.article_id:
        comments = comments.filter(discussion__article_id=filters.article_id)
    if filters.article_title:
        comments = comments.filter(
            discussion__article__title__icontains=filters.article_title
        )
    if filters.section_id:
        section = SectionPage.objects.filter(pk=filters.section_id).first()
        if section is not None:
            in_section = Q(discussion__article__path__startswith=section.path) | Q(
                discussion__article__also_filed_in=section
            )
            comments = comments.filter(in_section).distinct()
    if filters.author:
        comments = comments.filter(
            Q(author_name__icontains=filters.author)
            | Q(author_email__icontains=filters.author)
        )
    if filters.text:
        comments = containing_words(comments, filters.text)
    if filters.since:
        comments = comments.filter(created_at__date__gte=filters.since)
    if filters.until:
        comments = comments.filter(created_at__date__lte=filters.until)
    return comments


def shown_count(count: int) -> str:
    """A capped count as shown: "10,000+" past COUNT_LIMIT."""
    return f"{COUNT_LIMIT:,}+" if count > COUNT_LIMIT else f"{count:,}"


class _CappedPaginator(Paginator):
    """Pages up to COUNT_LIMIT comments; filters narrow the queue beyond that."""

    capped: int | None = None

    @property
    def count(self) -> int:
        if self.capped is None:
            self.capped = min(capped_count(self.object_list), COUNT_LIMIT)
        return self.capped


def _comments_in_order(ids: list[int]) -> list[Comment]:
    """The comments `ids` names, in that order, with their articles and parents.

    Loaded apart from the page's ids on purpose: asked for both at once,
    SQLite's planner starts from the articles and sorts every comment in the
    tab, instead of reading the newest fifty from the queue index.
    """
    comments = Comment.objects.select_related("discussion__article", "parent")
    by_id = comments.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
