"""The demo's discussions: invented readers' comments under the demo articles.

The reference article gets a hand-written thread showing what a comment can
hold; a few others get generated threads of varied size, one over a thousand
comments long, so paging and deep nesting can be seen.
"""

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from masthead.discussion.models import Comment
from masthead.discussion.posting import CommentAuthor, post_comment
from masthead.publishing.models import ArticlePage

from .content import REFERENCE_ARTICLE_SLUG

# Called as progress(what is being done, steps done, steps in all).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Reader:
    name: str
    handle: str
    url: str = ""

    def as_author(self) -> CommentAuthor:
        return CommentAuthor(
            name=self.name, email=f"{self.handle}@example.org", url=self.url
        )


@dataclass(frozen=True)
class PlannedComment:
    """A comment to post: `reply_to` is the index of an earlier one in its plan."""

    reader: Reader
    text: str
    after: timedelta  # since the article was published
    reply_to: int | None = None


def _quoting(*, source: str, passage: str, link: str) -> str:
    # The renderer shows a short first line ending in ":" as the source line.
    return f"> {source}:\n>\n> {passage}\n>\n> ([source]({link}))"


# In posting order: a reply always comes after the comment it answers.
REFERENCE_THREAD = (
    PlannedComment(
        Reader("zvezdica", "zvezdica"),
        "I was on the last night bus along the quay and saw it go past Saltgate "
        "at about half past twelve. Much quieter than I expected, you could hear "
        "the bus over it.",
        timedelta(minutes=40),
    ),
    PlannedComment(
        Reader("Tomas Brevik", "tomas.brevik"),
        "Same here from the flat above the bakery on Quay Street. A low hum and "
        "a bell at the crossing, that was all.",
        timedelta(hours=1, minutes=15),
        reply_to=0,
    ),
    PlannedComment(
        Reader("quayside_owl", "quayside_owl"),
        "Worth remembering it was one tram at walking pace near the platforms. "
        "Nine of them at full timetable will sound different, though probably "
        "still quieter than the lorries that use the road now.",
        timedelta(hours=2, minutes=5),
        reply_to=1,
    ),
    PlannedComment(
        Reader("Annika Solberg", "annika.solberg", "https://example.org/annika"),
        _quoting(
            source="Vellmark Herald, 2 March 2026",
            passage="The city expects the harbour line to carry around 18,000 "
            "passengers a day in its first full year, rising as the university "
            "campus grows.",
            link="https://example.org/vellmark-herald/harbour-line-forecast",
        )
        + "\n\nIf that figure holds, nine trams seems tight for the morning "
        "rush. Does anyone know how often they are meant to run?",
        timedelta(hours=3, minutes=20),
    ),
    PlannedComment(
        Reader("ferrylight", "ferrylight"),
        _quoting(
            source="Coastal Transit Review, January 2026",
            passage="Vellmark plans a tram every six minutes at peak times and "
            "every ten minutes in the evening, with two vehicles held in reserve.",
            link="https://example.org/coastal-transit-review/vellmark-trams",
        )
        + "\n\nSo seven in service at the peak, if I read it right.",
        timedelta(hours=4, minutes=2),
        reply_to=3,
    ),
    PlannedComment(
        Reader("Annika Solberg", "annika.solberg", "https://example.org/annika"),
        "Thanks, that helps. Every six minutes is better than the buses manage "
        "on that road today.",
        timedelta(hours=4, minutes=45),
        reply_to=4,
    ),
    PlannedComment(
        Reader("Pavel Ostrander", "pavel.ostrander"),
        "I have kept a small diary of the works outside our shop on the quay, "
        "for anyone curious how the last stretch came together.\n\n"
        "**12 February 2026**\n\n"
        "Rails laid as far as the fish market. The road narrowed to one lane "
        "and deliveries moved to the early morning.\n\n"
        "**19 February 2026**\n\n"
        "Overhead wires strung between the new poles. Quite a crowd watched "
        "the crane at lunchtime.\n\n"
        "## 2 March 2026\n\n"
        "Platform kerbs poured at the market stop, and the pavement reopened "
        "in front of the shops two days later.\n\n"
        "## Last night\n\n"
        "The tram itself, at last. Several of us stayed up to watch it go by.\n\n"
        "*Note: the dates are from my own notes, not the city's timetable.*",
        timedelta(hours=7, minutes=30),
    ),
    PlannedComment(
        Reader("marisol.k", "marisol.k"),
        "Thank you for keeping this. It is easy to forget how much work happens "
        "before a tram ever carries anyone.",
        timedelta(hours=9, minutes=10),
        reply_to=6,
    ),
    PlannedComment(
        Reader("Helen Achterberg", "helen.achterberg"),
        "Good to read that the ramps and the gap were checked at every stop. "
        "I hope the regulator's review is published in full, so wheelchair "
        "users can see the results for themselves.",
        timedelta(hours=11, minutes=50),
    ),
)

# Threads generated from the pools below, by article slug. Articles not
# listed keep an empty discussion, which the demo needs to show too.
GENERATED_THREAD_SIZES = {
    "library-reading-room-reopens": 2,
    "bakery-cooperative-first-year": 5,
    "community-orchestra-anniversary": 7,
    "school-streets-trial-extended": 12,
    "heat-pump-rollout": 1_050,
}
TOP_LEVEL_SHARE = 1 / 3
DEEPEST_GENERATED_REPLY = 6
# Replies answer one of the most recent comments, so conversations cluster.
RECENT_COMMENTS = 8
FIRST_COMMENT_DELAY = timedelta(minutes=12)

GENERATED_READERS = tuple(
    Reader(name, name.lower().replace(" ", "."))
    for name in (
        "Ruth Calder", "Oskar Lind", "Priya Nandakumar", "Jonas Weir",
        "Elif Demir", "Sam Okafor", "Mirela Horvat", "Callum Reid",
        "Noor Haddad", "Lena Vogt", "bramble", "tinman_42", "seafret",
        "old.harbour", "kestrel", "paperlantern",
    )
)  # fmt: skip
OPENING_SENTENCES = (
    "Good to see this covered properly.",
    "I went along on Saturday and it was busier than I expected.",
    "This has been a long time coming.",
    "My neighbours were talking about this only last week.",
    "Interesting read, thank you.",
    "I have mixed feelings about this, to be honest.",
    "We could do with more of this kind of thing in our part of town.",
    "Does anyone know whether there will be a follow-up?",
)
FURTHER_SENTENCES = (
    "The people involved clearly put a lot of work into it.",
    "I would like to know what it cost and who paid for it.",
    "It would be good to hear from those who were against it as well.",
    "The photos do not quite show how it looks in person.",
    "Let us see how it holds up after a year.",
    "My children have been asking about it ever since.",
    "Small changes like this add up over time.",
    "I hope the council keeps the funding going.",
)
REPLY_OPENINGS = (
    "Agreed.", "Fair point.", "I had the same thought.",
    "Not sure I agree, but I see why you say that.",
    "Thanks, that is useful to know.", "That matches what I heard too.",
)  # fmt: skip


@transaction.atomic
def load_demo_comments(*, progress: Progress | None = None) -> int:
    """Post the demo threads on articles that have no comments yet.

    Returns how many comments were created. An article with any comment is
    left alone, so loading again creates nothing. An article whose thread
    cannot be posted (its discussion closed, or comments held so replies
    cannot be made) is skipped whole.
    """
    slugs = [REFERENCE_ARTICLE_SLUG, *GENERATED_THREAD_SIZES]
    # Live articles only: a thread is dated from its article's publication.
    articles = ArticlePage.objects.live().filter(slug__in=slugs).order_by("pk")
    created = 0
    for article in articles:
        if Comment.objects.filter(discussion__article=article).exists():
            continue
        created += _post_thread(
            article=article, plan=_plan_for(article), progress=progress
        )
    return created


def _plan_for(article: ArticlePage) -> list[PlannedComment]:
    if article.slug == REFERENCE_ARTICLE_SLUG:
        return list(REFERENCE_THREAD)
    # Spread over the time since publication, so no comment is in the future.
    span = timezone.now() - article.first_published_at
    return _generated_thread(
        size=GENERATED_THREAD_SIZES[article.slug],
        seed=zlib.crc32(article.slug.encode()),
        span=span,
    )


def _generated_thread(*, size: int, seed: int, span: timedelta) -> list[PlannedComment]:
    """A thread of `size` comments from the sentence pools, the same every run."""
    rng = random.Random(seed)
    plan: list[PlannedComment] = []
    depths: list[int] = []
    for index in range(size):
        open_to_reply = [
            earlier
            for earlier in range(max(0, index - RECENT_COMMENTS), index)
            if depths[earlier] < DEEPEST_GENERATED_REPLY
        ]
        is_top_level = not open_to_reply or rng.random() < TOP_LEVEL_SHARE
        reply_to = None if is_top_level else rng.choice(open_to_reply)
        depths.append(0 if reply_to is None else depths[reply_to] + 1)
        # Squared, so comments come thick at first and thin out, as they do.
        share = ((index + 1) / (size + 1)) ** 2
        after = FIRST_COMMENT_DELAY + (span - FIRST_COMMENT_DELAY) * share
        plan.append(
            PlannedComment(
                reader=rng.choice(GENERATED_READERS),
                text=_generated_text(rng=rng, is_reply=reply_to is not None),
                after=after,
                reply_to=reply_to,
            )
        )
    return plan


def _generated_text(*, rng: random.Random, is_reply: bool) -> str:
    opening = rng.choice(REPLY_OPENINGS if is_reply else OPENING_SENTENCES)
    further = rng.sample(FURTHER_SENTENCES, k=rng.randint(0, 2))
    return " ".join([opening, *further])


def _post_thread(
    *, article: ArticlePage, plan: list[PlannedComment], progress: Progress | None
) -> int:
    """Post the plan through the readers' own door and date it; return the count."""
    published_at = article.first_published_at
    posted: list[Comment] = []
    try:
        # A savepoint, so a thread that fails halfway leaves no comments.
        with transaction.atomic():
            for planned in plan:
                if progress:
                    progress(f"Comments: {article.title}", len(posted), len(plan))
                parent = None if planned.reply_to is None else posted[planned.reply_to]
                posted.append(
                    post_comment(
                        article=article,
                        author=planned.reader.as_author(),
                        text=planned.text,
                        parent=parent,
                        # Sample content is published as the newsroom wrote
                        # it; real readers' comments go through moderation.
                        trusted_status=Comment.Status.APPROVED,
                    )
                )
            _backdate(posted=posted, plan=plan, published_at=published_at)
    except ValidationError:
        return 0
    return len(posted)


def _backdate(
    *, posted: list[Comment], plan: list[PlannedComment], published_at: datetime
) -> None:
    # Posting stamps the current time; the demo's readers wrote after the
    # article appeared, in the order they are posted here.
    now = timezone.now()
    for comment, planned in zip(posted, plan, strict=True):
        when = min(published_at + planned.after, now)
        comment.created_at = when.replace(microsecond=0)
    Comment.objects.bulk_update(posted, ["created_at"], batch_size=500)
