"""Moderators' decisions on comments, each logged in Wagtail's history and undoable."""

from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from masthead.database_ids import database_id
from masthead.discussion.models import Comment
from masthead.discussion.posting import recount_comments
from masthead.notifications.picks import notify_author_of_pick
from masthead.notifications.sending import notify_about_approved
from masthead.page_cache import refresh_cached_article

from .spam import learn_from_decision

# Each action: the status it gives, and the log action Wagtail records.
ACTIONS = {
    "approve": (Comment.Status.APPROVED, "masthead.comment.approve"),
    "spam": (Comment.Status.SPAM, "masthead.comment.spam"),
    "remove": (Comment.Status.REMOVED, "masthead.comment.remove"),
    "restore": (Comment.Status.APPROVED, "masthead.comment.restore"),
}
UNDO_ACTION = "masthead.comment.undo"
FEATURE_ACTION = "masthead.comment.feature"
UNFEATURE_ACTION = "masthead.comment.unfeature"
# What the banner says after each action, for one comment and for several.
_DONE = {
    "approve": ("Approved %(count)d comment.", "Approved %(count)d comments."),
    "spam": (
        "Marked %(count)d comment as spam.",
        "Marked %(count)d comments as spam.",
    ),
    "remove": ("Removed %(count)d comment.", "Removed %(count)d comments."),
    "restore": ("Restored %(count)d comment.", "Restored %(count)d comments."),
    "feature": (
        "Chose %(count)d comment as an editors' pick.",
        "Chose %(count)d comments as editors' picks.",
    ),
    "unfeature": (
        "Took %(count)d comment out of the editors' picks.",
        "Took %(count)d comments out of the editors' picks.",
    ),
    "undo": (
        "Undone: %(count)d comment is back as it was.",
        "Undone: %(count)d comments are back as they were.",
    ),
}


UNDOABLE_ACTIONS = [
    *(log_action for _, log_action in ACTIONS.values()),
    FEATURE_ACTION,
    UNFEATURE_ACTION,
]


def actions_for(status: str) -> list[str]:
    """The decisions that would change a comment in `status`, in ACTIONS' order:
    a held comment is approved, a spammed or removed one restored."""
    offered = []
    for action, (new_status, _) in ACTIONS.items():
        if action == "approve":
            is_change = status == Comment.Status.PENDING
        elif action == "restore":
            is_change = status in (Comment.Status.SPAM, Comment.Status.REMOVED)
        else:
            is_change = new_status != status
        if is_change:
            offered.append(action)
    return offered


@dataclass
class Outcome:
    """What a bulk decision did: the comments it changed, the log entries that
    record it (what an undo takes back), and the ids it skipped."""

    changed: list[Comment] = field(default_factory=list)
    entry_ids: list[int] = field(default_factory=list)
    skipped_ids: list[str] = field(default_factory=list)

    def summary(self, action: str) -> str:
        one, many = _DONE[action]
        count = len(self.changed)
        done = ngettext(one, many, count) % {"count": count}
        if self.skipped_ids:
            skipped = len(self.skipped_ids)
            done += " " + ngettext(
                "Skipped %(count)d that no longer exists or had changed (%(ids)s).",
                "Skipped %(count)d that no longer exist or had changed (%(ids)s).",
                skipped,
            ) % {"count": skipped, "ids": ", ".join(self.skipped_ids)}
        return done


@transaction.atomic
def decide(*, comment_ids, action: str, moderator) -> Outcome:
    """Apply `action` to every comment that exists and is not already so.

    Ids that are unknown, malformed or already decided are reported back, not
    raised: a moderator's stale page should still act on the rest.
    """
    new_status, log_action = ACTIONS[action]
    wanted = {str(value) for value in comment_ids}
    ids = {database_id(value) for value in wanted} - {None}
    comments = Comment.objects.select_for_update().filter(pk__in=ids)
    outcome = Outcome()
    for comment in comments.select_related("discussion").order_by("pk"):
        if comment.status == new_status:
            continue
        entry = _change(
            comment, status=new_status, log_action=log_action, moderator=moderator
        )
        outcome.changed.append(comment)
        outcome.entry_ids.append(entry.pk)
    changed_ids = {str(comment.pk) for comment in outcome.changed}
    outcome.skipped_ids = sorted(wanted - changed_ids)
    _recount(outcome.changed)
    return outcome


@transaction.atomic
def undo(*, entry: ModelLogEntry, moderator) -> Comment:
    """Put a comment back as it was before a logged decision.

    Raises ValidationError when the comment has changed since that entry:
    undoing an old decision would silently overwrite the later ones.
    """
    comment = Comment.objects.select_for_update().get(pk=entry.object_id)
    _undo_one(comment, entry, moderator=moderator)
    _recount([comment])
    return comment


@transaction.atomic
def undo_decisions(*, entry_ids, moderator) -> Outcome:
    """Undo each logged decision in `entry_ids` (one bulk decision's entries).

    Comments changed again since are skipped and named, not raised: the rest
    of the batch is still put back.
    """
    wanted = {str(value) for value in entry_ids}
    ids = {database_id(value) for value in wanted} - {None}
    entries = ModelLogEntry.objects.filter(pk__in=ids, action__in=UNDOABLE_ACTIONS)
    by_comment = {int(entry.object_id): entry for entry in entries}
    comments = Comment.objects.select_for_update().filter(pk__in=by_comment)
    outcome = Outcome()
    for comment in comments.select_related("discussion").order_by("pk"):
        entry = by_comment[comment.pk]
        try:
            _undo_one(comment, entry, moderator=moderator)
        except ValidationError:
            continue
        outcome.changed.append(comment)
        outcome.entry_ids.append(entry.pk)
    outcome.skipped_ids = sorted(wanted - {str(pk) for pk in outcome.entry_ids})
    _recount(outcome.changed)
    return outcome


@transaction.atomic
def feature_comment(*, comment: Comment, featured: bool = True, moderator) -> Outcome:
    """Make an approved comment an editors' pick, or (`featured=False`) stop it
    being one; logged and undoable like the other decisions.

    Raises ValidationError for a comment that is not approved: a pick is shown
    to every reader. Choosing a pick again changes nothing; its author is told
    by mail (if they follow their comment) the first time only.
    """
    comment = (
        Comment.objects.select_for_update()
        .select_related("discussion")
        .get(pk=comment.pk)
    )
    outcome = Outcome()
    if featured and comment.status != Comment.Status.APPROVED:
        raise ValidationError(
            "Only approved comments can be editors' picks: approve it first."
        )
    if featured == (comment.featured_at is not None):
        outcome.skipped_ids = [str(comment.pk)]
        return outcome
    entry = _change(
        comment,
        status=comment.status,
        log_action=FEATURE_ACTION if featured else UNFEATURE_ACTION,
        moderator=moderator,
        held_reason=comment.held_reason,
        featured_at=timezone.now() if featured else None,
    )
    if featured:
        notify_author_of_pick(comment)
    outcome.changed, outcome.entry_ids = [comment], [entry.pk]
    transaction.on_commit(
        partial(refresh_cached_article, comment.discussion.article_id)
    )
    return outcome


def _undo_one(comment: Comment, entry: ModelLogEntry, *, moderator) -> None:
    data = entry.data or {}
    if "previous_status" not in data:
        raise ValidationError("That entry cannot be undone.")
    is_pick_changed = "featured_at" in data and _when(comment.featured_at) != data.get(
        "featured_at"
    )
    if comment.status != data.get("status") or is_pick_changed:
        now = Comment.Status(comment.status).label.lower()
        raise ValidationError(
            f"This decision cannot be undone: the comment has changed since "
            f"(it is now {now}). Undo the latest decision instead."
        )
    _change(
        comment,
        status=data["previous_status"],
        log_action=UNDO_ACTION,
        moderator=moderator,
        held_reason=data.get("previous_held_reason", _KEEP),
        featured_at=parse_datetime(data.get("previous_featured_at") or "")
        if "previous_featured_at" in data
        else _KEEP,
    )


# Passed for what an undo leaves as it is (entries logged before it was kept).
_KEEP = object()


def _change(
    comment: Comment,
    *,
    status: str,
    log_action: str,
    moderator,
    held_reason=_KEEP,
    featured_at=_KEEP,
) -> ModelLogEntry:
    """Give `comment` its new status (and pick state) and log what it was, so
    an undo can put back the status, why it was held and whether it was a pick."""
    previous = {
        "previous_status": comment.status,
        "previous_held_reason": comment.held_reason,
        "previous_featured_at": _when(comment.featured_at),
    }
    was_approved = comment.status == Comment.Status.APPROVED
    comment.status = status
    if held_reason is not _KEEP:
        comment.held_reason = held_reason
    elif status == Comment.Status.APPROVED:
        comment.held_reason = ""
    if featured_at is not _KEEP:
        comment.featured_at = featured_at
    # Only approved comments are editors' picks.
    if status != Comment.Status.APPROVED:
        comment.featured_at = None
    comment.save(update_fields=["status", "held_reason", "featured_at"])
    data = {**previous, "status": status}
    if log_action in (FEATURE_ACTION, UNFEATURE_ACTION):
        data["featured_at"] = _when(comment.featured_at)
    entry = log(instance=comment, action=log_action, user=moderator, data=data)
    if status != previous["previous_status"]:
        # The filter learns from what people decide, never from its own guesses.
        if status in (Comment.Status.APPROVED, Comment.Status.SPAM):
            learn_from_decision(comment=comment, is_spam=status == Comment.Status.SPAM)
        if status == Comment.Status.APPROVED and not was_approved:
            notify_about_approved(comment)
    return entry


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _recount(comments: list[Comment]) -> None:
    for discussion in {comment.discussion for comment in comments}:
        changed_threads = [
            comment.top_number
            for comment in comments
            if comment.discussion_id == discussion.pk
        ]
        recount_comments(discussion, top_numbers=changed_threads)
