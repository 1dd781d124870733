"""Editors' picks: the comments a moderator chose to show above the thread."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.text import Truncator

from .badges import badge_for
from .models import Comment, Discussion

# The block above the thread stays short whatever the editors pick.
MAX_PICKS = 20
# Words of a pick the block shows before "Read in the thread".
EXCERPT_WORDS = 40


@dataclass(slots=True)
class ShownPick:
    """An editors' pick as the block above the thread shows it."""

    pk: int
    author_id: int | None
    author_name: str
    html: str
    created_at: datetime
    is_by_staff: bool | None
    badge: str = ""

    @property
    def excerpt_html(self) -> str:
        """The start of the pick's sanitised HTML, its tags closed again."""
        return Truncator(self.html).words(EXCERPT_WORDS, html=True)


def picks_of(
    discussion: Discussion, *, article_author_id: int | None
) -> list[ShownPick]:
    """The discussion's approved picks, most recently picked first; one query.

    A pick that was later removed or held drops out of the block on its own,
    without a moderator having to unpick it.
    """
    rows = (
        Comment.objects.filter(discussion=discussion, featured_at__isnull=False)
        .approved()
        .order_by("-featured_at", "-pk")
        .values_list(
            "pk", "author_id", "author_name", "html", "created_at", "author__is_staff"
        )[:MAX_PICKS]
    )
    picks = [ShownPick(*row) for row in rows]
    for pick in picks:
        pick.badge = badge_for(
            author_id=pick.author_id,
            is_by_staff=pick.is_by_staff,
            article_author_id=article_author_id,
        )
    return picks
