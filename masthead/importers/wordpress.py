"""Import a WordPress WXR export: articles, redirects and threaded comments."""

from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import datetime
from functools import partial
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from masthead.discussion.models import Comment
from masthead.publishing.models import HomePage

from .articles import (
    ArticleFiling,
    import_article,
    redirect_attachment_ids,
    redirect_tag_archives,
)
from .attachments import Attachment, AttachmentIndex
from .comments import CommentWriter, IncomingComment
from .media import UploadsFolder
from .page_upkeep import PagesToUpkeep, upkeep_deferred
from .records import DamagedRecord, describe_damage
from .report import ImportReport, reporting_interrupts
from .reusable_blocks import ReusableBlocks
from .wxr import WxrComment, WxrPost, open_wxr, read_wxr
from .xmlstream import ImportFileError, XmlStream

WORDPRESS_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
PROGRESS_EVERY = 500
# Words of posts skipped as damaged: no article row holds them, yet they are lost.
SKIPPED_WORDS = "words lost with skipped posts"

# Called with (bytes read, file size, report) as the import goes.
ProgressCallback = Callable[[int, int, ImportReport], None]


def import_wordpress(
    *,
    path: Path,
    section_root: str | None = None,
    media_dir: Path | None = None,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import every post and comment of a WXR file and return what happened.

    Ctrl-C raises ImportInterrupted: each article and each batch of comments
    is saved whole, and its report counts those saved (none on a dry run);
    running the import again finishes the job.

    Raises ImportFileError when the file is unsafe or unreadable; nothing is
    written then. Running it again on the same file changes nothing, except
    that its articles are indexed again: that repairs a run that was killed
    before it could index what it had made.
    """
    stream = open_wxr(path)
    report = ImportReport(source=path.name, dry_run=dry_run)
    uploads = UploadsFolder(None if dry_run else media_dir)
    saving = transaction.atomic() if dry_run else nullcontext()
    with (
        reporting_interrupts(report),
        saving,
        upkeep_deferred(catch_up=not dry_run) as pages,
    ):
        filing = ArticleFiling.for_site(home=_home(section_root), uploads=uploads)
        filing.attachments = AttachmentIndex(partial(read_attachments, path))
        filing.reusable_blocks = ReusableBlocks(partial(read_reusable_blocks, path))
        writer = CommentWriter(report=report, replies_stay_in_article=True)
        _import_records(
            stream, filing=filing, writer=writer, pages=pages, on_progress=on_progress
        )
        redirect_attachment_ids(filing=filing, report=report)
        redirect_tag_archives(filing=filing)
        writer.finish()
        if dry_run:
            transaction.set_rollback(True)
    record_xml_errors(stream, report)
    return report


def _import_records(
    stream: XmlStream,
    *,
    filing: ArticleFiling,
    writer: CommentWriter,
    pages: PagesToUpkeep,
    on_progress,
) -> None:
    report, article_id, post_date = writer.report, None, None
    owner = None
    for number, record in enumerate(read_wxr(stream), start=1):
        if isinstance(record, WxrPost) or getattr(record, "kind", "") == "post":
            # The reader runs ahead of the parser: every repair before this
            # item is known, and belongs to the item before it.
            _report_repairs(stream, report, owner=owner, before_line=record.line)
            owner = record
        if isinstance(record, WxrPost):
            writer.close_article()
            article_id = import_article(post=record, filing=filing, report=report)
            post_date = record.date
            if article_id is not None:
                pages.note(article_id)
            if article_id in filing.urls:  # made just now
                writer.new_articles.add(article_id)
        elif isinstance(record, DamagedRecord):
            report.problem(line=record.line, reason=record.reason)
            _count_skipped_words(record.words, report)
        elif not record.is_comment:
            kind = " ".join(record.comment_type.split())[:40].lower()
            report.count(f"{kind} entries skipped (not comments)")
        elif article_id is None:
            report.count("comments on skipped items")
        else:
            writer.add(_incoming(record, article_id=article_id, post_date=post_date,
                                 report=report))  # fmt: skip
        if on_progress and number % PROGRESS_EVERY == 0:
            on_progress(stream.bytes_read, stream.size, report)
    _report_repairs(stream, report, owner=owner, before_line=None)
    if on_progress:
        on_progress(stream.size, stream.size, report)


def _count_skipped_words(words: int, report: ImportReport) -> None:
    if words:
        report.count("words in the old posts", words)
        report.count("words lost", words)
        report.count(SKIPPED_WORDS, words)


def _report_repairs(stream: XmlStream, report: ImportReport, *, owner,
                    before_line: int | None) -> None:  # fmt: skip
    repaired = stream.take_repairs(before_line=before_line)
    if not repaired:
        return
    where = (
        f"post {owner.post_id}"
        if isinstance(owner, WxrPost)
        else "the damaged post"
        if owner
        else "the file"
    )
    report.count("characters XML does not allow removed", repaired)
    report.problem(
        line=owner.line if owner else None,
        reason=f"{repaired} characters XML does not allow were removed from "
        f"{where} (control characters dropped, bytes that were not UTF-8 "
        "replaced with U+FFFD)",
    )


def _incoming(
    comment: WxrComment, *, article_id: int, post_date: datetime | None, report
) -> IncomingComment:
    prefix = f"wordpress:{comment.post_id}:"
    status = WORDPRESS_STATUSES.get(comment.approved.lower())
    if status is None:
        report.problem(
            line=comment.line,
            reason=f"unknown status {comment.approved!r}; held for moderation",
        )
        status = Comment.Status.PENDING
    created_at = comment.date
    if created_at is None:
        report.problem(line=comment.line, reason="unreadable date; dated as its post")
        created_at = post_date or timezone.now()
    return IncomingComment(
        line=comment.line,
        article_id=article_id,
        source=prefix + comment.comment_id,
        parent_source=prefix + comment.parent_id if comment.parent_id != "0" else None,
        author_name=comment.author,
        author_email=comment.email,
        author_url=comment.url,
        ip_address=comment.ip_address,
        created_at=created_at,
        status=status,
        text=comment.content,
    )


def read_attachments(path: Path) -> Iterator[Attachment]:
    """The file's attachments, read in a pass of their own for galleries and
    featured images.

    Attachments usually come after the posts that show them; one small index
    is cheaper than revisiting every article afterwards.
    """
    for record in read_wxr(open_wxr(path)):
        if isinstance(record, WxrPost) and record.post_type == "attachment":
            yield Attachment(
                post_id=record.post_id,
                url=record.attachment_url,
                caption=record.excerpt,
                alt_text=record.alt_text,
                parent_id=record.parent_id,
                menu_order=record.menu_order,
            )


def read_reusable_blocks(path: Path) -> Iterator[tuple[str, str]]:
    """The file's reusable blocks (`wp_block` items): id and saved content."""
    for record in read_wxr(open_wxr(path)):
        if isinstance(record, WxrPost) and record.post_type == "wp_block":
            yield record.post_id, record.content


def record_xml_errors(stream: XmlStream, report: ImportReport) -> None:
    """Put what the parser met in the report: whether the file held any post or
    comment at all, and its errors; the first error marks the file bad."""
    report.holds_nothing = not (stream.records["post"] or stream.records["comment"])
    if stream.skipped_prefix:
        report.problem(
            line=1,
            reason=f"skipped {len(stream.skipped_prefix)} stray character(s) "
            "before the XML declaration",
        )
    # Repairs no post claimed (a Disqus file's): said once for the file.
    _report_repairs(stream, report, owner=None, before_line=None)
    for error in stream.errors():
        report.problem(line=error.line, reason=f"XML error: {error.message}")
    if stream.errors():
        first = stream.errors()[0]
        report.file_error = f"the file is not well-formed XML ({first})"
        report.damage = describe_damage(stream, dry_run=report.dry_run)


def _home(section_root: str | None) -> HomePage:
    if section_root is None:
        home = HomePage.objects.first()
    else:
        page = Page.objects.filter(slug=section_root).type(HomePage).first()
        home = page.specific if page else None
    if home is None:
        raise ImportFileError(
            f"No home page with the slug {section_root!r} to file sections under"
            if section_root
            else "The site has no home page to file sections under"
        )
    return home
