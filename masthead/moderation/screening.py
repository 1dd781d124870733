"""Every check a new or edited comment passes before it is shown.

All local: bans, the form's honeypot and timing, duplicates, the blocklist,
the learning spam filter, link counts and the site's (or section's) mode.
The first check that objects decides; a held comment says why in plain
words, a comment sent to spam says nothing to its author.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from masthead.discussion.models import Comment

from .models import Ban, BlocklistAction, Mode
from .rules import Rules, blocklist_match, links_in, rules_for
from .spam import spam_score

# A person needs more than a few seconds to read and write
# (settings.COMMENT_MIN_SECONDS); a form open for days was probably scraped.
# Both are held rather than lost.
OLDEST_FORM = timedelta(days=2)
DUPLICATE_WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class Submission:
    """A comment as written, with what the form learned about how it was sent."""

    article: object
    text: str
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    # The author's address if they proved it (accounts.address_proof), else "".
    proven_email: str = ""
    user_id: int | None = None
    ip_hash: str = ""
    honeypot_filled: bool = False
    form_age: timedelta | None = None
    is_reused_form: bool = False
    is_edit_of: int | None = None
    # The article's site, when the caller has already looked it up.
    site: object | None = None


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""
    score: float | None = None


def screen(submission: Submission) -> Verdict:
    """Decide a comment's first status: approved, pending (with why) or spam."""
    rules = rules_for(submission.article, site=submission.site)
    for check in (_banned, _bot_signals, _duplicate, _blocklisted):
        verdict = check(submission, rules)
        if verdict:
            return verdict
    score = spam_score(text=submission.text, author_url=submission.author_url)
    if score >= rules.spam_threshold:
        return Verdict(Comment.Status.SPAM, "The spam filter judged it spam.", score)
    if score >= rules.hold_threshold:
        reason = (
            "Our spam filter was unsure about this comment, so an editor will look."
        )
        return Verdict(Comment.Status.PENDING, reason, score)
    return _by_links_and_mode(submission, rules, score)


def _banned(submission: Submission, rules: Rules) -> Verdict | None:
    matches = Q(kind=Ban.Kind.EMAIL, value=submission.author_email.lower())
    if submission.ip_hash:
        matches |= Q(kind=Ban.Kind.IP, value=submission.ip_hash)
    if submission.user_id:
        matches |= Q(kind=Ban.Kind.ACCOUNT, value=str(submission.user_id))
    ban = Ban.objects.active().filter(matches).first()
    if ban:
        return Verdict(Comment.Status.SPAM, f"banned {ban.get_kind_display().lower()}")
    return None


def _bot_signals(submission: Submission, rules: Rules) -> Verdict | None:
    if submission.honeypot_filled:
        return Verdict(Comment.Status.SPAM, "filled in the hidden field only bots see")
    if submission.is_reused_form:
        # One form, one post (form_signals.py): a replayed form is a script's.
        reason = "This comment form was used before, so an editor will check it."
        return Verdict(Comment.Status.PENDING, reason)
    age = submission.form_age
    if submission.is_edit_of or age is None:
        return None
    if age < timedelta(seconds=settings.COMMENT_MIN_SECONDS):
        reason = "Sent faster than a person can type, so an editor will check it."
        return Verdict(Comment.Status.PENDING, reason)
    if age > OLDEST_FORM:
        reason = (
            "The comment form was old or could not be checked, so an editor will look."
        )
        return Verdict(Comment.Status.PENDING, reason)
    return None


def _duplicate(submission: Submission, rules: Rules) -> Verdict | None:
    # The same text lately is a handful of rows, found by the fingerprint's
    # index alone; asked in SQL for "this article or this address" in thread
    # order, the database may instead read every comment of the discussion.
    same_text = (
        Comment.objects.filter(
            fingerprint=Comment.fingerprint_of(submission.text),
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .exclude(pk=submission.is_edit_of)
        .order_by()
        .values_list("pk", "discussion__article_id", "ip_hash")
    )
    earlier = [
        pk
        for pk, article_id, ip_hash in same_text
        if article_id == submission.article.pk
        or (submission.ip_hash and ip_hash == submission.ip_hash)
    ]
    if earlier:
        return Verdict(
            Comment.Status.SPAM, f"exact duplicate of comment {min(earlier)}"
        )
    return None


def _blocklisted(submission: Submission, rules: Rules) -> Verdict | None:
    match = blocklist_match(
        rules,
        text=submission.text,
        email=submission.author_email,
        url=submission.author_url,
    )
    if not match:
        return None
    if rules.blocklist_action == BlocklistAction.SPAM:
        return Verdict(Comment.Status.SPAM, f"blocklist: {match}")
    return Verdict(
        Comment.Status.PENDING,
        "Comments with certain words or links are reviewed by an editor first.",
    )


def _by_links_and_mode(submission: Submission, rules: Rules, score) -> Verdict:
    if len(links_in(submission.text)) > rules.max_links:
        reason = f"Comments with more than {rules.max_links} links are reviewed."
        return Verdict(Comment.Status.PENDING, reason, score)
    if rules.mode == Mode.HOLD_ALL:
        reason = "Every comment here is reviewed by an editor before it appears."
        return Verdict(Comment.Status.PENDING, reason, score)
    if rules.mode == Mode.HOLD_FIRST and not _is_trusted(submission, rules):
        reason = "Your first comment here is reviewed by an editor."
        return Verdict(Comment.Status.PENDING, reason, score)
    return Verdict(Comment.Status.APPROVED, "", score)


def _is_trusted(submission: Submission, rules: Rules) -> bool:
    """Trusted after enough approved comments by an author who proved who they are.

    A verified account counts its own comments; a guest, those under the
    address their browser proved. A typed address proves nothing, so it earns
    nothing. A comment being edited does not vouch for its own new text.
    """
    proven = submission.proven_email.lower()
    if not proven or proven != submission.author_email.strip().lower():
        return False
    comments = Comment.objects.approved()
    if submission.user_id:
        comments = comments.filter(author_id=submission.user_id)
    else:
        comments = comments.by_email(proven)
    needed = rules.trust_after
    # Unordered, the index hands over the first `needed` rows and stops there:
    # a prolific author's record costs no more to check than a newcomer's.
    approved = (
        comments.exclude(pk=submission.is_edit_of).order_by().values_list("pk")[:needed]
    )
    return len(approved) >= needed
