"""Write imported comments in batches, each placed in its thread.

Thread paths follow discussion/posting.py: a 7-digit number per top-level
comment, then 5 digits per reply level. Every source id ever written is
remembered for the run, so a reply finds its parent's place without a query.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from masthead.discussion.models import Comment, Discussion
from masthead.discussion.posting import (
    MAX_DEPTH,
    REPLY_WIDTH,
    TOP_WIDTH,
)

from .comment_rows import (
    AUTHOR_NAME_LENGTH,
    STATUS,
    RowMaker,
    ids_by_source,
    insert_comments,
    recount_discussions,
    set_reply_counters,
    set_top_numbers,
)
from .links import imported_link
from .reply_loops import describe_reply_loop, find_reply_loop
from .report import ImportReport

BATCH_SIZE = 1000
CROSSED_REPLIES = "replies to another article's comment made top-level"


@dataclass(slots=True)
class IncomingComment:
    line: int
    article_id: int
    source: str
    parent_source: str | None
    author_name: str
    author_email: str
    author_url: str
    ip_address: str
    created_at: datetime
    status: str
    text: str


# slots=True: one is kept for every comment of the run, so each byte counts.
@dataclass(eq=False, slots=True)
class Slot:
    """Where one comment sits: enough to place a reply under it."""

    source: str
    thread: "_Thread"
    path: str
    depth: int
    top_number: int
    replies: int
    pk: int | None = None
    # The comment's row until its batch is written (see comment_rows.PLACED).
    row: tuple | None = None
    parent: "Slot | None" = None
    from_earlier_run: bool = False
    # Another discussion already holds it: it and its replies are left out.
    is_dropped: bool = False


@dataclass(eq=False)
class _Thread:
    discussion_id: int
    last_top_number: int


@dataclass
class CommentWriter:
    """Collects comments, places them, and saves them a batch at a time.

    Call `add` for each comment in file order, then `finish` once.
    """

    report: ImportReport
    # WordPress keeps each reply inside its post (see close_article).
    replies_stay_in_article: bool = False
    threads: dict[int, _Thread] = field(default_factory=dict)
    slots: dict[str, Slot] = field(default_factory=dict)
    # Disqus lists some replies before their parents; they wait here until
    # the parent arrives, so no reply is dropped.
    waiting: dict[str, list[IncomingComment]] = field(
        default_factory=lambda: defaultdict(list)
    )
    pending: list[Slot] = field(default_factory=list)
    replied_to: set[Slot] = field(default_factory=set)
    renumbered: set[_Thread] = field(default_factory=set)
    rows: RowMaker = field(default_factory=RowMaker)
    # Sources placed since `close_article`, for formats whose replies stay
    # within one article.
    article_sources: list[str] = field(default_factory=list)
    # Articles the caller made in this run, until their first comment: they
    # have no discussion or stored comment to look up.
    new_articles: set[int] = field(default_factory=set)

    def add(self, comment: IncomingComment) -> None:
        thread = self._thread(comment.article_id)
        if comment.source in self.slots:
            self._count_repeat(comment)
            return
        if self.replies_stay_in_article:
            self.article_sources.append(comment.source)
        parent = self.slots.get(comment.parent_source or "")
        if comment.parent_source and parent is None:
            self.waiting[comment.parent_source].append(comment)
            return
        self._place(comment, thread=thread, parent=self._same_thread(comment, parent))

    def adopt_replies(self, source: str, *, parent_source: str) -> None:
        """Replies already waiting for `source`, a comment the caller left out
        as a copy of `parent_source`, go under `parent_source` instead."""
        for reply in self.waiting.pop(source, []):
            reply.parent_source = parent_source
            self.add(reply)

    def close_article(self) -> None:
        """Forget where the last article's comments sit: nothing later answers them.

        WordPress keeps every reply inside its post, so once the next post
        starts, its comments' places are not needed again; forgetting them
        keeps memory flat however large the export. (Replies still waiting
        for a parent that never came are placed at `finish`.) Comments not yet
        written stay alive through the batch that holds them.
        """
        for source in self.article_sources:
            self.slots.pop(source, None)
        self.article_sources.clear()
        self.new_articles.clear()

    def finish(self) -> None:
        """Place replies whose parent never came, save the rest and recount."""
        while self.waiting:
            if not self._place_orphans():
                self._break_reply_loop()
        self.flush()
        touched = [thread.discussion_id for thread in self.threads.values()]
        with transaction.atomic():  # one commit, not one per article
            recount_discussions(touched)

    def flush(self) -> None:
        """Save the batch in one transaction: a crash leaves whole batches only.

        A level at a time, so that each reply's parent has its id by then.
        """
        statuses: Counter = Counter()
        with transaction.atomic():
            batch = self._not_stored_elsewhere(self.pending)
            for depth in sorted({slot.depth for slot in batch}):
                level = [slot for slot in batch if slot.depth == depth]
                insert_comments([_linked_row(slot) for slot in level])
                ids = ids_by_source([slot.source for slot in level])
                for slot in level:
                    slot.pk = ids[slot.source]
                    statuses[slot.row[STATUS]] += 1
                    slot.row = None
            self._save_counters()
        self.report.count("comments created", len(batch))
        for status, amount in statuses.items():
            self.report.count(f"comments {status}", amount)
        self.pending = []

    def _save_counters(self) -> None:
        set_reply_counters(
            (slot.replies, slot.pk) for slot in self.replied_to if slot.pk is not None
        )
        set_top_numbers(
            (thread.last_top_number, thread.discussion_id) for thread in self.renumbered
        )
        self.replied_to.clear()
        self.renumbered.clear()

    def _place_orphans(self) -> bool:
        """Make top-level comments of replies whose parent is not in the file.

        A reply waiting on another waiting reply is placed under it once that
        one is placed. Returns False when every parent left is itself waiting:
        the rest are in reply loops.
        """
        also_waiting = {c.source for replies in self.waiting.values() for c in replies}
        missing = [source for source in self.waiting if source not in also_waiting]
        for parent_source in missing:
            for orphan in self.waiting.pop(parent_source, []):
                self.report.problem(
                    line=orphan.line,
                    reason=f"reply to {parent_source}, which is not in the file; "
                    "imported as a top-level comment",
                )
                self._place_unless_repeated(orphan, parent=None)
        return bool(missing)

    def _break_reply_loop(self) -> None:
        """Make the oldest comment of one reply loop top-level; the rest of the
        loop, and every reply below it, then follows under it."""
        loop = find_reply_loop(self.waiting)
        oldest = loop[0]
        siblings = [c for c in self.waiting[oldest.parent_source] if c is not oldest]
        if siblings:
            self.waiting[oldest.parent_source] = siblings
        else:
            del self.waiting[oldest.parent_source]
        self.report.problem(line=oldest.line, reason=describe_reply_loop(loop))
        self._place_unless_repeated(oldest, parent=None)

    def _not_stored_elsewhere(self, batch: list[Slot]) -> list[Slot]:
        """Leave out comments another discussion already holds, with their replies.

        A reply in a later batch finds its parent marked dropped and goes too.
        """
        stored = ids_by_source([slot.source for slot in batch])
        kept = []
        for slot in batch:  # parents come before their replies
            if slot.source in stored or (slot.parent and slot.parent.is_dropped):
                slot.is_dropped, slot.row = True, None
                self.report.count("comments already imported")
            else:
                kept.append(slot)
        return kept

    def _thread(self, article_id: int) -> _Thread:
        thread = self.threads.get(article_id)
        if thread is None and article_id in self.new_articles:
            self.new_articles.discard(article_id)
            discussion = Discussion.objects.create(article_id=article_id)
            thread = self.threads[article_id] = _Thread(discussion.pk, 0)
        elif thread is None:
            discussion, _ = Discussion.objects.get_or_create(article_id=article_id)
            thread = _Thread(discussion.pk, discussion.last_top_number)
            self.threads[article_id] = thread
            self._load_stored(thread)
        return thread

    def _load_stored(self, thread: _Thread) -> None:
        """Remember comments an earlier run imported here, so replies find them."""
        stored = Comment.objects.filter(
            discussion_id=thread.discussion_id, source__isnull=False
        ).values_list("pk", "source", "thread_path", "depth", "top_number",
                      "last_reply_number")  # fmt: skip
        for pk, source, path, depth, top, replies in stored:
            self.slots[source] = Slot(
                source, thread, path, depth, top, replies, pk=pk, from_earlier_run=True
            )

    def _count_repeat(self, comment: IncomingComment) -> None:
        if self.slots[comment.source].from_earlier_run:
            self.report.count("comments already imported")
        else:
            self.report.problem(
                line=comment.line, reason=f"duplicate id {comment.source}; skipped"
            )

    def _place(self, comment: IncomingComment, *, thread: _Thread, parent) -> None:
        while parent is not None and parent.depth >= MAX_DEPTH:
            # Deeper than a thread path can hold: the reply joins an ancestor.
            parent = parent.parent
        if parent is None:
            thread.last_top_number += 1
            self.renumbered.add(thread)
            top, depth = thread.last_top_number, 0
            path = f"{top:0{TOP_WIDTH}d}"
        else:
            parent.replies += 1
            if parent.row is None:  # written already: its counter is updated
                self.replied_to.add(parent)
            top, depth = parent.top_number, parent.depth + 1
            path = f"{parent.path}{parent.replies:0{REPLY_WIDTH}d}"
        slot = Slot(comment.source, thread, path, depth, top, 0, parent=parent)
        self._report_long_name(comment)
        comment.author_url = imported_link(
            comment.author_url, what="commenter's website", line=comment.line,
            report=self.report,
        )  # fmt: skip
        slot.row = self.rows.row(
            comment, discussion_id=thread.discussion_id, path=path, top_number=top,
            depth=depth,
        )  # fmt: skip
        self.slots[comment.source] = slot
        self.pending.append(slot)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()
        for reply in self.waiting.pop(comment.source, []):
            self._place_unless_repeated(reply, parent=slot)

    def _report_long_name(self, comment: IncomingComment) -> None:
        """Count a commenter's name too long to keep whole; the report keeps it."""
        name = comment.author_name.strip()
        if len(name) > AUTHOR_NAME_LENGTH:
            self.report.count(
                f"commenter names shortened to {AUTHOR_NAME_LENGTH} characters"
            )
            self.report.problem(
                line=comment.line,
                reason=f"comment {comment.source} on article {comment.article_id}: "
                f"its author's name is longer than {AUTHOR_NAME_LENGTH} characters "
                f"and was shortened: {name}",
            )

    def _place_unless_repeated(self, comment: IncomingComment, *, parent) -> None:
        """Place a comment that waited; an id seen twice while waiting counts once."""
        if comment.source in self.slots:
            self._count_repeat(comment)
        else:
            thread = self.threads[comment.article_id]
            self._place(
                comment, thread=thread, parent=self._same_thread(comment, parent)
            )

    def _same_thread(
        self, comment: IncomingComment, parent: Slot | None
    ) -> Slot | None:
        """`parent`, unless it sits in another article's discussion.

        A Disqus post can name a parent from another thread (threads that
        were merged or moved by hand). Hanging it there would move it off
        the article it was written on, so it stays there, top-level.
        """
        if parent is None or parent.thread is self.threads[comment.article_id]:
            return parent
        self.report.count(CROSSED_REPLIES)
        self.report.problem(
            line=comment.line,
            reason=f"reply to {parent.source}, which is in another article's "
            "discussion; imported as a top-level comment on its own article",
        )
        return None


def _linked_row(slot: Slot) -> tuple:
    """The slot's row with its parent's id and its replies so far."""
    return (*slot.row, slot.parent.pk if slot.parent else None, slot.replies)
