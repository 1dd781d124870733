"""Grow a scratch Masthead to N comments quickly, for bench/scale.py.

Posting a million comments one by one, or publishing ten thousand Wagtail
pages through revisions, would take hours; this writes the rows the site
serves directly, in batches: live article pages with computed tree paths (no
revisions: a live page is served from its own row), their discussions with
the counters kept right, and comments with thread paths, fingerprints and
rendered HTML as posting would store them. Ids are assigned here, so a reply
can name a parent that is in the same batch.
"""

import functools
import random
from dataclasses import dataclass, field
from datetime import timedelta

WORDS = """the council harbour plan vote ferry budget said fair point but I think
really nobody asked about cost of it last year tram line library school rent
mayor bridge flood river park housing tax bus night market club season goal
coach player fans ticket price water road repair strike nurses hospital wait
""".split()
# A word no generated text contains, planted in a few held comments so the
# queue's text filter has the same handful of matches at every size.
RARE_WORD = "quayside"
RARE_WORD_COMMENTS = 6
SECTIONS = ("World", "Politics", "Business", "Sport", "Culture")
# Mostly approved, as on a moderated site after a while.
STATUS_WEIGHTS = {"approved": 85, "pending": 8, "spam": 5, "removed": 2}
PROLIFIC_AUTHORS, PROLIFIC_SHARE = 5, 0.1
MAX_REPLY_DEPTH = 6
TOP_WIDTH, REPLY_WIDTH = 7, 5  # as masthead.discussion.posting numbers them
BATCH_COMMENTS = 5000


@dataclass
class Growth:
    """What has been built so far, so the next size adds only the difference."""

    comments: int = 0
    author_pool: int = PROLIFIC_AUTHORS + 1
    articles: list[int] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(14))


def grow_site(growth: Growth, *, comments: int, progress) -> None:
    """Add articles and comments until the site holds `comments` built comments
    over comments/100 articles; new comments go to the new articles only, so
    the articles measured at a smaller size keep their threads."""
    from django.db import transaction

    if not growth.articles:
        _add_sections()
    article_count = max(comments // 100, 1) - len(growth.articles)
    to_add = comments - growth.comments
    growth.author_pool = max(comments // 20, PROLIFIC_AUTHORS + 1)
    task = progress.add_task(f"Building {comments:,} comments", total=to_add)
    with transaction.atomic():
        new_articles = _add_articles(article_count, growth.rng)
    per_article = _spread(to_add, len(new_articles), growth.rng)
    batch = _Batch()
    for article_id, count in zip(new_articles, per_article, strict=True):
        batch.add_discussion(article_id, count, growth)
        if len(batch.comments) >= BATCH_COMMENTS:
            progress.advance(task, batch.save())
    progress.advance(task, batch.save())
    growth.articles += new_articles
    growth.comments = comments
    _after_bulk_writes()


def _add_sections() -> None:
    from scratch import publish_article

    from masthead.publishing.models import HomePage, SectionPage

    home = HomePage.objects.get()
    for title in SECTIONS:
        section = SectionPage(title=title, show_in_menus=True)
        home.add_child(instance=section)
        section.save_revision().publish()
    # One article published the ordinary way: a bulk one must render the same.
    publish_article("An article published through revisions")


def _add_articles(count: int, rng: random.Random) -> list[int]:
    """Live article pages, round-robin over the sections; their ids."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Max
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from masthead.publishing.models import ArticlePage, SectionPage

    sections = list(SectionPage.objects.order_by("path"))
    kind = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    next_id = (Page.objects.aggregate(Max("id"))["id__max"] or 0) + 1
    now = timezone.now()
    pages, articles = [], []
    for number in range(count):
        section, page_id = sections[number % len(sections)], next_id + number
        section.numchild += 1
        title = " ".join(rng.choices(WORDS, k=6)).capitalize()
        slug = f"story-{page_id}"
        published = now - timedelta(minutes=count - number)
        pages.append(
            Page(
                id=page_id,
                path=Page._get_path(section.path, section.depth + 1, section.numchild),
                depth=section.depth + 1,
                **dict(title=title, draft_title=title, slug=slug, locale=locale),
                url_path=f"{section.url_path}{slug}/",
                content_type=kind,
                live=True,
                **dict(first_published_at=published, last_published_at=published),
            )
        )
        articles.append(ArticlePage(page_ptr_id=page_id, standfirst=title, body=[]))
    Page.objects.bulk_create(pages, batch_size=1000)
    for article in articles:
        # raw: write only the article's own row; its page row exists already.
        article.save_base(raw=True)
    SectionPage.objects.bulk_update(sections, ["numchild"])
    return [page.id for page in pages]


def _spread(total: int, buckets: int, rng: random.Random) -> list[int]:
    """`total` comments over `buckets` articles at random: about 100 each."""
    counts = [0] * buckets
    for _ in range(total):
        counts[rng.randrange(buckets)] += 1
    return counts


class _Batch:
    """Discussions and their comments, written together with explicit ids."""

    def __init__(self):
        from django.db.models import Max

        from masthead.discussion.models import Comment, Discussion

        self.discussions, self.comments = [], []
        self.next_discussion = self._next_id(Discussion, Max)
        self.next_comment = self._next_id(Comment, Max)

    @staticmethod
    def _next_id(model, Max) -> int:
        return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1

    def add_discussion(self, article_id: int, count: int, growth: Growth) -> None:
        from masthead.discussion.models import Discussion

        discussion = Discussion(id=self.next_discussion, article_id=article_id)
        self.next_discussion += 1
        self.discussions.append(discussion)
        threads = _Thread(discussion, first_id=self.next_comment, rng=growth.rng)
        for _ in range(count):
            threads.add(_author(growth))
        self.next_comment += count
        discussion.comment_count = threads.approved
        discussion.last_top_number = threads.last_top_number
        self.comments += threads.comments

    def save(self) -> int:
        from django.db import transaction

        from masthead.discussion.models import Comment, Discussion

        with transaction.atomic():
            Discussion.objects.bulk_create(self.discussions, batch_size=1000)
            Comment.objects.bulk_create(self.comments, batch_size=1000)
        saved = len(self.comments)
        self.discussions, self.comments = [], []
        return saved


def _author(growth: Growth) -> tuple[str, str, str]:
    """About N/20 guests, a few of them writing a tenth of everything."""
    rng = growth.rng
    if rng.random() < PROLIFIC_SHARE:
        number = rng.randrange(PROLIFIC_AUTHORS)
    else:
        number = rng.randrange(PROLIFIC_AUTHORS, growth.author_pool)
    return _guest(number)


@functools.cache
def _guest(number: int) -> tuple[str, str, str]:
    from masthead.privacy import hash_ip

    ip_address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    return f"Reader {number}", f"reader{number}@example.org", hash_ip(ip_address)


class _Thread:
    """One discussion's comments as posting would have numbered them: about a
    third top-level, replies to recent approved comments, up to six deep."""

    def __init__(self, discussion, *, first_id: int, rng: random.Random):
        from django.utils import timezone

        self.discussion, self.next_id, self.rng = discussion, first_id, rng
        self.comments, self.replyable = [], []
        self.approved = self.last_top_number = 0
        self.started = timezone.now() - timedelta(days=rng.randint(1, 365))

    def add(self, author: tuple[str, str, str]) -> None:
        from masthead.discussion.models import Comment

        parent = None
        if self.replyable and self.rng.random() > 1 / 3:
            parent = self.rng.choice(self.replyable[-30:])
        text, html = _text(self.rng)
        # The first few comments of the site carry the rare word, held.
        is_planted = self.next_id <= RARE_WORD_COMMENTS
        if is_planted:
            text, html = f"{text} {RARE_WORD}", f"{html[:-4]} {RARE_WORD}</p>"
        status = "pending" if is_planted else self._status()
        name, email, ip_hash = author
        comment = Comment(
            id=self.next_id,
            discussion_id=self.discussion.id,
            **dict(author_name=name, author_email=email, ip_hash=ip_hash),
            **dict(text=text, html=html, fingerprint=Comment.fingerprint_of(text)),
            status=status,
            created_at=self.started + timedelta(minutes=len(self.comments)),
        )
        self._place(comment, parent)
        self.next_id += 1
        self.comments.append(comment)
        if status == "approved":
            self.approved += 1
            if comment.depth < MAX_REPLY_DEPTH:
                self.replyable.append(comment)

    def _status(self) -> str:
        weights = STATUS_WEIGHTS
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _place(self, comment, parent) -> None:
        if parent is None:
            self.last_top_number += 1
            comment.top_number, comment.depth = self.last_top_number, 0
            comment.thread_path = f"{self.last_top_number:0{TOP_WIDTH}d}"
            return
        parent.last_reply_number += 1
        comment.parent_id = parent.id
        comment.top_number, comment.depth = parent.top_number, parent.depth + 1
        comment.thread_path = (
            f"{parent.thread_path}{parent.last_reply_number:0{REPLY_WIDTH}d}"
        )


def _text(rng: random.Random) -> tuple[str, str]:
    """One to three plain paragraphs and the HTML posting renders for them."""
    paragraphs = [
        " ".join(rng.choices(WORDS, k=rng.randint(8, 40))).capitalize()
        for _ in range(rng.randint(1, 3))
    ]
    html = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return "\n\n".join(paragraphs), html


def check_rendering_matches() -> None:
    """Stop early if posting would store different HTML for these texts."""
    from masthead.discussion.rendering import render_comment

    text, html = _text(random.Random(1))
    if render_comment(text) != html:
        raise SystemExit(f"Comment HTML differs from posting's: {render_comment(text)}")


def _after_bulk_writes() -> None:
    """Move id sequences past the ids given here, and refresh the planner's
    statistics as the daily chores would (a site that grew over years has
    had them refreshed many times)."""
    from django.core.management.color import no_style
    from django.db import connection
    from wagtail.models import Page

    from masthead.discussion.models import Comment, Discussion
    from masthead.operations.planner_statistics import refresh_planner_statistics

    statements = connection.ops.sequence_reset_sql(
        no_style(), [Page, Comment, Discussion]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    refresh_planner_statistics()
