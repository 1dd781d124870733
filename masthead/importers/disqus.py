"""Import a Disqus XML export onto the articles its threads were about."""

from collections import Counter
from contextlib import nullcontext
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug

from masthead.discussion.models import Comment
from masthead.publishing.models import ArticlePage, HomePage, SectionPage

from .articles import ARTICLE_LINK_LENGTH
from .comments import CommentWriter, IncomingComment
from .disqus_xml import DisqusPost, DisqusThread, open_disqus, read_disqus
from .links import imported_link
from .matching import ArticleMatcher
from .records import DamagedRecord
from .report import ImportReport
from .wordpress import PROGRESS_EVERY, ProgressCallback, record_xml_errors

STUB_SECTION = ("discussions", "Discussions")


def import_disqus(
    *,
    path: Path,
    dry_run: bool = False,
    create_missing: bool = False,
    on_progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import every post of a Disqus export and return what happened.

    Threads that match no article are listed in the report; with
    `create_missing` each gets a draft stub article instead. Raises
    ImportFileError when the file is unsafe; running it twice changes nothing.
    """
    stream = open_disqus(path)
    report = ImportReport(source=path.name, dry_run=dry_run)
    threads: dict[str, DisqusThread] = {}
    articles: dict[str, int | None] = {}
    unmatched: Counter = Counter()
    with transaction.atomic() if dry_run else nullcontext():
        matcher = ArticleMatcher.for_site()
        writer = CommentWriter(report=report)
        for number, record in enumerate(read_disqus(stream), start=1):
            if isinstance(record, DisqusThread):
                threads.setdefault(record.dsq_id, record)
            elif isinstance(record, DamagedRecord):
                report.problem(line=record.line, reason=record.reason)
            elif not record.dsq_id:
                report.problem(line=record.line, reason="post has no dsq:id; skipped")
            else:
                if record.thread_id not in articles:
                    thread = threads.get(record.thread_id)
                    articles[record.thread_id] = _article_for(
                        thread, matcher=matcher, create_missing=create_missing,
                        report=report,
                    )  # fmt: skip
                article_id = articles[record.thread_id]
                if article_id is None:
                    unmatched[record.thread_id] += 1
                    report.count("comments on unmatched threads")
                else:
                    writer.add(_incoming(record, article_id=article_id, report=report))
            if on_progress and number % PROGRESS_EVERY == 0:
                on_progress(stream.bytes_read, stream.size, report)
        writer.finish()
        if dry_run:
            transaction.set_rollback(True)
    report.unmatched_threads = [
        (threads[t].link if t in threads else f"thread {t}, not in the file", count)
        for t, count in unmatched.items()
    ]
    record_xml_errors(stream, report)
    return report


def _article_for(
    thread, *, matcher: ArticleMatcher, create_missing: bool, report: ImportReport
):
    if thread is None:
        return None
    article_id = matcher.article_for(
        link=thread.link, identifier=thread.identifier, thread_id=thread.dsq_id
    )
    if article_id is None and create_missing:
        link = imported_link(
            thread.link, what="thread link", line=thread.line, report=report,
            max_length=ARTICLE_LINK_LENGTH,
        )  # fmt: skip
        article_id = _stub_article(thread, link=link).pk
        matcher.by_source[f"disqus-thread:{thread.dsq_id}"] = article_id
    return article_id


def _stub_article(thread: DisqusThread, *, link: str) -> ArticlePage:
    """A draft to hold a thread's comments until an editor writes or links it."""
    home = HomePage.objects.get()
    section = SectionPage.objects.child_of(home).filter(slug=STUB_SECTION[0]).first()
    if section is None:
        section = SectionPage(slug=STUB_SECTION[0], title=STUB_SECTION[1])
        home.add_child(instance=section)
        section.save_revision().publish()
    title = thread.title or link or f"Disqus thread {thread.dsq_id}"
    slug = slugify(title, allow_unicode=True)[:200] or f"thread-{thread.dsq_id}"
    article = ArticlePage(
        title=title[:255],
        slug=find_available_slug(section, slug),
        source=f"disqus-thread:{thread.dsq_id}",
        source_url=link,
        live=False,
    )
    section.add_child(instance=article)
    article.save_revision()
    return article


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
