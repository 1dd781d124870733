"""Import a Disqus XML export onto the articles its threads were about."""

from collections import Counter
from contextlib import nullcontext
from hashlib import blake2b
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from masthead.discussion.models import Comment

from .comments import CommentWriter, IncomingComment
from .disqus_articles import STUBS_CREATED, THREADS_MERGED, DiscussionArticles
from .disqus_threads import ThreadGroups
from .disqus_xml import DisqusPost, DisqusThread, open_disqus, read_disqus
from .matching import ArticleMatcher
from .page_upkeep import upkeep_deferred
from .records import DamagedRecord
from .report import ImportReport, reporting_interrupts
from .wordpress import PROGRESS_EVERY, ProgressCallback, record_xml_errors

DUPLICATES_SKIPPED = "duplicate posts skipped"
SUMMARY_ORDER = (
    STUBS_CREATED,
    THREADS_MERGED,
    "comments created",
    "comments already imported",
    DUPLICATES_SKIPPED,
    "comments approved",
    "comments spam",
    "comments removed",
    "comments on unmatched threads",
)


def import_disqus(
    *,
    path: Path,
    dry_run: bool = False,
    create_missing: bool = False,
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import every post of a Disqus export and return what happened.

    Threads that are one post under several addresses share one discussion
    (see disqus_threads), where a post listed in both is kept once. Threads
    that match no article are listed in the report; with `create_missing`
    each discussion gets a draft stub article instead. Raises ImportFileError
    when the file is unsafe; running it twice changes nothing.
    Ctrl-C raises ImportInterrupted, whose report counts the comments saved.
    """
    stream = open_disqus(path)
    report = ImportReport(
        source=path.name, dry_run=dry_run, summary_order=SUMMARY_ORDER
    )
    groups = ThreadGroups()
    unmatched: Counter = Counter()
    saving = transaction.atomic() if dry_run else nullcontext()
    # Stubs are pages: indexed for search and references once, at the end.
    upkeep = upkeep_deferred(catch_up=not dry_run) if create_missing else nullcontext()
    with reporting_interrupts(report), saving, upkeep:
        articles = DiscussionArticles(
            matcher=ArticleMatcher.for_site(), groups=groups, report=report,
            create_missing=create_missing,
        )  # fmt: skip
        writer = CommentWriter(report=report)
        copies = PostCopies(writer=writer, report=report)
        for number, record in enumerate(read_disqus(stream), start=1):
            if isinstance(record, DisqusThread):
                groups.add(record)
            elif isinstance(record, DamagedRecord):
                report.problem(line=record.line, reason=record.reason)
            elif not record.dsq_id:
                report.problem(line=record.line, reason="post has no dsq:id; skipped")
            elif (article_id := articles.article_for(record.thread_id)) is None:
                unmatched[record.thread_id] += 1
                report.count("comments on unmatched threads")
            else:
                copies.add(_incoming(record, article_id=article_id, report=report))
            if on_progress and number % PROGRESS_EVERY == 0:
                on_progress(stream.bytes_read, stream.size, report)
        writer.finish()
        if dry_run:
            transaction.set_rollback(True)
    report.unmatched_threads = [
        (_thread_link(groups, thread_id), count)
        for thread_id, count in unmatched.items()
    ]
    record_xml_errors(stream, report)
    return report


class PostCopies:
    """Passes posts to the writer, leaving out copies of a post already passed.

    A post is a copy when its article, author, time and text are those of
    an earlier one: an export holds such copies when a discussion was moved
    or imported into Disqus under a second address. Replies to a copy go
    under the post that was kept.
    """

    def __init__(self, *, writer: CommentWriter, report: ImportReport) -> None:
        self.writer, self.report = writer, report
        # A 16-byte digest per post keeps memory small on large exports.
        self.kept_by_digest: dict[bytes, str] = {}
        self.kept_for_copy: dict[str, str] = {}

    def add(self, comment: IncomingComment) -> None:
        if comment.parent_source in self.kept_for_copy:
            comment.parent_source = self.kept_for_copy[comment.parent_source]
        kept = self.kept_by_digest.setdefault(_digest(comment), comment.source)
        if kept == comment.source:
            self.writer.add(comment)
            return
        self.report.count(DUPLICATES_SKIPPED)
        self.kept_for_copy[comment.source] = kept
        self.writer.adopt_replies(comment.source, parent_source=kept)


def _digest(comment: IncomingComment) -> bytes:
    fields = (
        str(comment.article_id), comment.author_name, comment.author_email,
        comment.created_at.isoformat(), comment.text,
    )  # fmt: skip
    return blake2b("\x1f".join(fields).encode(), digest_size=16).digest()


def _thread_link(groups: ThreadGroups, thread_id: str) -> str:
    if thread_id in groups.threads:
        return groups.threads[thread_id].link
    return f"thread {thread_id}, not in the file"


def _incoming(post: DisqusPost, *, article_id: int, report) -> IncomingComment:
    if post.is_spam:
        status = Comment.Status.SPAM
    elif post.is_deleted:
        status = Comment.Status.REMOVED
    else:
        status = Comment.Status.APPROVED
    created_at = post.created_at
    if created_at is None:
        report.problem(line=post.line, reason="unreadable date; dated today")
        created_at = timezone.now()
    return IncomingComment(
        line=post.line,
        article_id=article_id,
        source=f"disqus:{post.dsq_id}",
        parent_source=f"disqus:{post.parent_id}" if post.parent_id else None,
        author_name=post.author_name or post.author_username or "Anonymous",
        author_email=post.author_email,
        author_url="",
        ip_address=post.ip_address,
        created_at=created_at,
        status=status,
        text=post.message,
    )
