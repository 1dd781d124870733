"""How many comments a discussion has and which is the newest, for open pages.

An open article page asks now and then whether comments arrived (the page
itself may be a cached copy). The answer is kept in the shared cache under
the versions the page cache uses, so it is exact the moment the discussion
changes, and a thousand open pages asking cost cache reads, not queries.
"""

from dataclasses import asdict, dataclass

from django.core.cache import cache

from masthead.page_cache import SITE, current_versions, page_key
from masthead.publishing.models import ArticlePage

from .models import Comment, Discussion

# Long enough to outlast a quiet discussion; a change renews the key anyway.
KEPT_SECONDS = 60 * 60


@dataclass(frozen=True)
class LatestComments:
    comment_count: int
    latest_id: int | None


def latest_comments(*, article_id: int) -> LatestComments | None:
    """The approved comment count and the newest approved comment's id; None
    when no published article has this id."""
    versions = current_versions(SITE, page_key(article_id))
    key = f"latest-comments:{article_id}:" + ":".join(sorted(versions.values()))
    kept = cache.get(key)
    if kept is not None:
        return LatestComments(**kept) if kept else None
    latest = _count_latest(article_id)
    cache.set(key, asdict(latest) if latest else {}, KEPT_SECONDS)
    return latest


def _count_latest(article_id: int) -> LatestComments | None:
    if not ArticlePage.objects.live().public().filter(pk=article_id).exists():
        return None
    count = (
        Discussion.objects.filter(article_id=article_id)
        .values_list("comment_count", flat=True)
        .first()
    )
    latest_id = (
        Comment.objects.approved()
        .filter(discussion__article_id=article_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return LatestComments(comment_count=count or 0, latest_id=latest_id)
