"""Moderators' decisions on comments, each logged in Wagtail's history and undoable."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from masthead.database_ids import database_id
from masthead.discussion.models import Comment
from masthead.discussion.posting import recount_comments
from masthead.notifications.sending import notify_about_approved

from .spam import learn_from_decision

# Each action: the status it gives, and the log action Wagtail records.
ACTIONS = {
    "approve": (Comment.Status.APPROVED, "masthead.comment.approve"),
    "spam": (Comment.Status.SPAM, "masthead.comment.spam"),
    "remove": (Comment.Status.REMOVED, "masthead.comment.remove"),
    "restore": (Comment.Status.APPROVED, "masthead.comment.restore"),
}
UNDO_ACTION = "masthead.comment.undo"


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
    """What a bulk decision did: the comments it changed and the ids it skipped."""

    changed: list[Comment] = field(default_factory=list)
    skipped_ids: list[str] = field(default_factory=list)

    def summary(self, action: str) -> str:
        done = f"{action.capitalize()}: {len(self.changed)} comment(s)."
        if self.skipped_ids:
            done += (
                f" Skipped {len(self.skipped_ids)} that no longer exist or were "
                f"already in that state ({', '.join(self.skipped_ids)})."
            )
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
    for comment in comments.select_related("discussion"):
        if comment.status == new_status:
            continue
        _set_status(comment, new_status, log_action=log_action, moderator=moderator)
        outcome.changed.append(comment)
    changed_ids = {str(comment.pk) for comment in outcome.changed}
    outcome.skipped_ids = sorted(wanted - changed_ids)
    for discussion in {comment.discussion for comment in outcome.changed}:
        changed_threads = [
            comment.top_number
            for comment in outcome.changed
            if comment.discussion_id == discussion.pk
        ]
        recount_comments(discussion, top_numbers=changed_threads)
    return outcome


@transaction.atomic
def undo(*, entry: ModelLogEntry, moderator) -> Comment:
    """Put a comment back to the status it had before a logged decision.

    Raises ValidationError when the comment has changed since that entry:
    undoing an old decision would silently overwrite the later ones.
    """
    comment = Comment.objects.select_for_update().get(pk=entry.object_id)
    previous = entry.data["previous_status"]
    left_as = entry.data.get("status")
    if comment.status != left_as:
        now = Comment.Status(comment.status).label.lower()
        raise ValidationError(
            f"This decision cannot be undone: the comment has changed since "
            f"(it is now {now}). Undo the latest decision instead."
        )
    _set_status(comment, previous, log_action=UNDO_ACTION, moderator=moderator)
    recount_comments(comment.discussion, top_numbers=[comment.top_number])
    return comment


def _set_status(comment: Comment, status: str, *, log_action: str, moderator) -> None:
    previous = comment.status
    comment.status = status
    if status == Comment.Status.APPROVED:
        comment.held_reason = ""
    comment.save(update_fields=["status", "held_reason"])
    log(
        instance=comment,
        action=log_action,
        user=moderator,
        data={"previous_status": previous, "status": status},
    )
    # The filter learns from what people decide, never from its own guesses.
    if status in (Comment.Status.APPROVED, Comment.Status.SPAM):
        learn_from_decision(comment=comment, is_spam=status == Comment.Status.SPAM)
    if status == Comment.Status.APPROVED:
        notify_about_approved(comment)
