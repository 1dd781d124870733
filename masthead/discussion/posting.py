"""Writes to a discussion: post, edit and delete comments."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from masthead.moderation.screening import Submission, Verdict, screen
from masthead.notifications.sending import notify_about_approved
from masthead.page_cache import refresh_cached_article
from masthead.privacy import hash_ip
from masthead.publishing.models import ArticlePage
from masthead.web_links import is_web_link

from .models import Comment, Discussion, DiscussionSettings
from .openness import is_open_for_comments
from .paging import approved_count, refresh_pages, with_comment_added
from .rendering import render_comment

MAX_TEXT_LENGTH = 10_000
# Each level of the thread path is a fixed-width number, so that sorting the
# path as text sorts the thread: 7 digits for top-level comments, 5 per reply.
TOP_WIDTH, REPLY_WIDTH = 7, 5
MAX_DEPTH = (255 - TOP_WIDTH) // REPLY_WIDTH


@dataclass(frozen=True)
class CommentAuthor:
    """Who is writing: a signed-in user, or a guest's name, e-mail and website.

    `proven_email` is the address the author proved is theirs (see
    accounts.address_proof), "" if none: only that earns a commenter trust.
    """

    name: str
    email: str = ""
    url: str = ""
    user: object | None = None
    ip_address: str = ""
    proven_email: str = ""


@dataclass(frozen=True)
class FormSignals:
    """How the form was sent: its hidden honeypot field, how long it was open,
    and whether this client had already posted with it."""

    honeypot_filled: bool = False
    form_age: timedelta | None = None
    is_reused_form: bool = False


@transaction.atomic
def post_comment(
    *,
    article: ArticlePage,
    author: CommentAuthor,
    text: str,
    parent: Comment | None = None,
    signals: FormSignals = FormSignals(),
    trusted_status: str | None = None,
) -> Comment:
    """Store a comment (or a reply to `parent`) and return it.

    Its status comes from moderation's screening: approved, held with a
    reason, or spam; only the newsroom's own code (the demo loader) passes
    `trusted_status` to skip it. Raises ValidationError, keyed by form field,
    when the discussion is closed or the parent cannot be replied to; nothing
    is saved then.
    """
    html = _checked_html(text)
    discussion = discussion_for(article)
    site = article.get_site()
    rules = discussion_settings_for(article, site=site)
    if not is_open_for_comments(article, close_after_days=rules.close_after_days):
        raise ValidationError("Comments on this article are closed.")
    if parent is not None:
        parent = _lock_parent(discussion=discussion, parent=parent)
    ip_hash = hash_ip(author.ip_address)
    if trusted_status:
        verdict = Verdict(trusted_status)
    else:
        verdict = _screen_new(
            article, author, text=text, ip_hash=ip_hash, signals=signals, site=site
        )
    comment = Comment(
        discussion=discussion,
        parent=parent,
        author=author.user,
        author_name=author.name.strip(),
        author_email=author.email.strip(),
        author_url=_web_link_or_nothing(author.url),
        ip_hash=ip_hash,
        text=text,
        html=html,
        fingerprint=Comment.fingerprint_of(text),
        created_at=timezone.now(),
        status=verdict.status,
        held_reason=verdict.reason,
        spam_score=verdict.score,
    )
    _add_to_thread(comment, discussion=discussion, parent=parent)
    if comment.is_approved:
        notify_about_approved(comment)
    return comment


def _screen_new(
    article, author: CommentAuthor, *, text: str, ip_hash: str, signals, site
) -> Verdict:
    return screen(
        Submission(
            article=article,
            text=text,
            author_name=author.name,
            author_email=author.email,
            author_url=author.url,
            proven_email=author.proven_email,
            user_id=getattr(author.user, "pk", None),
            ip_hash=ip_hash,
            honeypot_filled=signals.honeypot_filled,
            form_age=signals.form_age,
            is_reused_form=signals.is_reused_form,
            site=site,
        )
    )


def _web_link_or_nothing(url: str) -> str:
    """The form checks the website already; any other caller gets the same rule."""
    link = url.strip()
    return link if is_web_link(link) else ""


def discussion_for(article: ArticlePage) -> Discussion:
    discussion, _ = Discussion.objects.get_or_create(article=article)
    return discussion


def discussion_settings_for(article: ArticlePage, *, site=None) -> DiscussionSettings:
    """The article's site's discussion settings; pass `site` if already known."""
    site = site or article.get_site()
    return DiscussionSettings.for_site(site) if site else DiscussionSettings()


def _checked_html(text: str) -> str:
    if not text.strip():
        raise ValidationError({"text": "Please write something before posting."})
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            {"text": f"Please keep comments under {MAX_TEXT_LENGTH:,} characters."}
        )
    return render_comment(text)


def _lock_parent(*, discussion: Discussion, parent: Comment) -> Comment:
    """Take a reply number under the parent's row lock, then re-read the parent.

    The UPDATE locks the row until commit, so concurrent replies to the same
    comment queue here and each gets its own number.
    """
    Comment.objects.filter(pk=parent.pk).update(
        last_reply_number=F("last_reply_number") + 1
    )
    fresh = Comment.objects.filter(pk=parent.pk, discussion=discussion).first()
    if fresh is None or fresh.status != Comment.Status.APPROVED:
        raise ValidationError({"parent": "That comment is no longer open for replies."})
    if fresh.depth >= MAX_DEPTH:
        raise ValidationError({"parent": "This thread is too deep to reply to."})
    return fresh


def _add_to_thread(comment: Comment, *, discussion: Discussion, parent) -> None:
    """Number and save `comment`, and store what it changes in its discussion.

    An approved comment adds one to the count and to its pages' stored sums;
    only a page it would overflow is weighed again from the rows. A held
    comment changes nothing anyone else sees: a held reply leaves the
    discussion's row alone, and no cached page is dropped for it.
    """
    is_shown = comment.is_approved
    if parent is None or is_shown:
        # The discussion's row lock comes after the parent's, the order in which
        # moderators' decisions take them; one read brings number and pages.
        discussion.last_top_number, discussion.page_layout = (
            Discussion.objects.select_for_update()
            .values_list("last_top_number", "page_layout")
            .get(pk=discussion.pk)
        )
    _place_in_thread(comment, discussion=discussion, parent=parent)
    comment.save()
    changes = {}
    if parent is None:
        changes["last_top_number"] = comment.top_number
    layout = None
    if is_shown:
        layout = with_comment_added(
            discussion.page_layout,
            top_number=comment.top_number,
            html=comment.html,
            is_new_thread=parent is None,
        )
    if layout is not None:
        changes.update(page_layout=layout, comment_count=approved_count(layout))
    if changes:
        Discussion.objects.filter(pk=discussion.pk).update(**changes)
        for name, value in changes.items():
            setattr(discussion, name, value)
    if is_shown and layout is None:
        recount_comments(discussion, top_numbers=[comment.top_number])
    elif is_shown:
        transaction.on_commit(partial(refresh_cached_article, discussion.article_id))


def _place_in_thread(comment: Comment, *, discussion: Discussion, parent) -> None:
    if parent is None:
        number = discussion.last_top_number + 1
        comment.top_number, comment.depth = number, 0
        comment.thread_path = top_level_path(number)
    else:
        comment.top_number = parent.top_number
        comment.depth = parent.depth + 1
        comment.thread_path = (
            f"{parent.thread_path}{parent.last_reply_number:0{REPLY_WIDTH}d}"
        )


def top_level_path(number: int) -> str:
    """The thread path of the top-level comment numbered `number`."""
    return f"{number:0{TOP_WIDTH}d}"


def recount_comments(
    discussion: Discussion, *, top_numbers: Iterable[int] | None = None
) -> None:
    """Store the count everyone sees; call inside the transaction that changed it.

    Every change readers could see passes through here: the pages holding the
    changed threads (`top_numbers`; None: any thread) are weighed again, the
    count is their sum, and the article's cached page is invalidated once the
    change is committed.
    """
    refresh_pages(discussion, top_numbers=top_numbers)
    transaction.on_commit(partial(refresh_cached_article, discussion.article_id))


def edit_window() -> timedelta:
    return timedelta(minutes=settings.COMMENT_EDIT_MINUTES)


def is_within_edit_window(comment: Comment) -> bool:
    return timezone.now() - comment.created_at <= edit_window()


def change_deadline(created_at: datetime) -> datetime:
    """The last moment its author may edit or delete a comment written then."""
    return created_at + edit_window()


# How far each status keeps a comment from readers: an edit can only move a
# comment further away, never nearer.
_STRICTNESS = {
    Comment.Status.APPROVED: 0,
    Comment.Status.PENDING: 1,
    Comment.Status.SPAM: 2,
}
EDITED_REASON = "Edited after it was published, so it waits for an editor again."


@transaction.atomic
def edit_comment(*, comment: Comment, text: str, proven_email: str = "") -> Comment:
    """Replace a comment's text, screened as the same author's new comment would be.

    The comment does not count towards its own author's trust. An approved
    comment whose new text would be held or judged spam leaves the thread (the
    count drops) until a moderator decides; a held comment stays held, since
    only a moderator releases a hold. Raises ValidationError after the edit
    window or for a comment that is no longer shown.
    """
    if not is_within_edit_window(comment):
        raise ValidationError("The time for editing this comment has passed.")
    # A spam comment is edited like a held one (it stays spam): refusing would
    # tell a spammer what the thread, which says "awaiting moderation", hides.
    if comment.status == Comment.Status.REMOVED:
        raise ValidationError("This comment can no longer be edited.")
    html = _checked_html(text)
    if text == comment.text:
        return comment
    verdict = _screen_edit(comment, text=text, proven_email=proven_email)
    was_approved = comment.is_approved
    comment.text, comment.html = text, html
    comment.fingerprint = Comment.fingerprint_of(text)
    comment.edited_at = timezone.now()
    comment.spam_score = verdict.score
    if _STRICTNESS[verdict.status] > _STRICTNESS[comment.status]:
        comment.status = verdict.status
        comment.held_reason = (
            verdict.reason
            if verdict.status == Comment.Status.SPAM
            else f"{EDITED_REASON} {verdict.reason}"[:300]
        )
    fields = ["text", "html", "fingerprint", "edited_at", "spam_score"]
    comment.save(update_fields=[*fields, "status", "held_reason"])
    if was_approved:
        recount_comments(comment.discussion, top_numbers=[comment.top_number])
    return comment


def _screen_edit(comment: Comment, *, text: str, proven_email: str) -> Verdict:
    return screen(
        Submission(
            article=comment.discussion.article,
            text=text,
            author_name=comment.author_name,
            author_email=comment.author_email,
            author_url=comment.author_url,
            proven_email=proven_email,
            user_id=comment.author_id,
            ip_hash=comment.ip_hash,
            is_edit_of=comment.pk,
        )
    )


@transaction.atomic
def delete_comment(*, comment: Comment) -> None:
    """Withdraw a comment at its author's request.

    Its words are erased; its row stays, so replies keep their place and the
    thread shows a "comment removed" note above them.
    """
    if not is_within_edit_window(comment):
        raise ValidationError("The time for deleting this comment has passed.")
    comment.status = Comment.Status.REMOVED
    comment.is_deleted_by_author = True
    comment.text = ""
    comment.html = ""
    comment.save(update_fields=["status", "is_deleted_by_author", "text", "html"])
    recount_comments(comment.discussion, top_numbers=[comment.top_number])
