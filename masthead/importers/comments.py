"""Write imported comments in batches, each placed in its thread.

Thread paths follow discussion/posting.py: a 7-digit number per top-level
comment, then 5 digits per reply level. Every source id ever written is
remembered for the run, so a reply finds its parent's place without a query.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from masthead.discussion.models import Comment, Discussion
from masthead.discussion.posting import (
    MAX_DEPTH,
    REPLY_WIDTH,
    TOP_WIDTH,
    recount_comments,
)
from masthead.privacy import hash_ip

from .comment_html import clean_comment_html
from .report import ImportReport

BATCH_SIZE = 1000


@dataclass
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


@dataclass(eq=False)
class Slot:
    """Where one comment sits: enough to place a reply under it."""

    source: str
    thread: "_Thread"
    path: str
    depth: int
    top_number: int
    replies: int
    pk: int | None = None
    pending: Comment | None = None
    parent: "Slot | None" = None
    from_earlier_run: bool = False


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

    def add(self, comment: IncomingComment) -> None:
        thread = self._thread(comment.article_id)
        if comment.source in self.slots:
            self._count_repeat(comment)
            return
        parent = self.slots.get(comment.parent_source or "")
        if comment.parent_source and parent is None:
            self.waiting[comment.parent_source].append(comment)
            return
        self._place(comment, thread=thread, parent=parent)

    def finish(self) -> None:
        """Place replies whose parent never came, save the rest and recount."""
        for parent_source, orphans in list(self.waiting.items()):
            for orphan in orphans:
                self.report.problem(
                    line=orphan.line,
                    reason=f"reply to {parent_source}, which is not in the file; "
                    "imported as a top-level comment",
                )
                if orphan.source not in self.slots:
                    thread = self.threads[orphan.article_id]
                    self._place(orphan, thread=thread, parent=None)
        self.waiting.clear()
        self.flush()
        touched = [thread.discussion_id for thread in self.threads.values()]
        for discussion in Discussion.objects.filter(pk__in=touched):
            recount_comments(discussion)

    def flush(self) -> None:
        """Save the batch in one transaction: a crash leaves whole batches only."""
        with transaction.atomic():
            batch = self._not_stored_elsewhere(self.pending)
            for depth in sorted({slot.depth for slot in batch}):
                level = [slot for slot in batch if slot.depth == depth]
                for slot in level:
                    slot.pending.parent_id = slot.parent.pk if slot.parent else None
                    slot.pending.last_reply_number = slot.replies
                Comment.objects.bulk_create([slot.pending for slot in level])
                for slot in level:
                    slot.pk = slot.pending.pk
            self._save_counters()
        for slot in batch:
            self.report.count("comments created")
            self.report.count(f"comments {slot.pending.status}")
            slot.pending = None
        self.pending = []

    def _save_counters(self) -> None:
        replied = [slot for slot in self.replied_to if slot.pk is not None]
        Comment.objects.bulk_update(
            [Comment(pk=slot.pk, last_reply_number=slot.replies) for slot in replied],
            ["last_reply_number"],
            batch_size=500,
        )
        for thread in self.renumbered:
            Discussion.objects.filter(pk=thread.discussion_id).update(
                last_top_number=thread.last_top_number
            )
        self.replied_to.clear()
        self.renumbered.clear()

    def _not_stored_elsewhere(self, batch: list[Slot]) -> list[Slot]:
        """Leave out comments another discussion already holds, with their replies."""
        stored = set(
            Comment.objects.filter(
                source__in=[slot.source for slot in batch]
            ).values_list("source", flat=True)
        )
        if not stored:
            return batch
        dropped: set[Slot] = set()
        for slot in batch:  # parents come before their replies
            if slot.source in stored or slot.parent in dropped:
                dropped.add(slot)
                self.report.count("comments already imported")
        return [slot for slot in batch if slot not in dropped]

    def _thread(self, article_id: int) -> _Thread:
        thread = self.threads.get(article_id)
        if thread is None:
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
            if parent.pending is None:
                self.replied_to.add(parent)
            top, depth = parent.top_number, parent.depth + 1
            path = f"{parent.path}{parent.replies:0{REPLY_WIDTH}d}"
        slot = Slot(comment.source, thread, path, depth, top, 0, parent=parent)
        slot.pending = _comment_row(comment, slot)
        self.slots[comment.source] = slot
        self.pending.append(slot)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()
        for reply in self.waiting.pop(comment.source, []):
            self._place(reply, thread=thread, parent=slot)


def _comment_row(comment: IncomingComment, slot: Slot) -> Comment:
    return Comment(
        discussion_id=slot.thread.discussion_id,
        thread_path=slot.path,
        top_number=slot.top_number,
        depth=slot.depth,
        status=comment.status,
        author_name=comment.author_name.strip()[:80] or "Anonymous",
        author_email=comment.author_email.strip()[:254],
        author_url=comment.author_url.strip()[:300],
        ip_hash=hash_ip(comment.ip_address),
        text=comment.text,
        text_format=Comment.TextFormat.HTML,
        html=clean_comment_html(comment.text),
        fingerprint=Comment.fingerprint_of(comment.text),
        created_at=comment.created_at,
        source=comment.source,
    )
