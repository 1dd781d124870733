"""Readers' reports: once per reader per comment; enough of them hide a comment."""

from django.db import IntegrityError, transaction
from django.db.models import F
from wagtail.log_actions import log

from masthead.discussion.models import Comment
from masthead.discussion.posting import recount_comments

from .models import Report
from .rules import rules_for

HIDDEN_ACTION = "masthead.comment.hidden_by_reports"


def reporter_key_for(*, user_id: int | None, ip_hash: str) -> str:
    return f"user:{user_id}" if user_id else f"address:{ip_hash}"


@transaction.atomic
def report_comment(*, comment: Comment, reason: str, reporter_key: str) -> bool:
    """Record a report; False if this reader had already reported the comment.

    Past the site's threshold an approved comment is hidden and waits for an
    editor, who sees it under "Flagged by readers".
    """
    try:
        with transaction.atomic():
            Report.objects.create(
                comment=comment, reason=reason, reporter_key=reporter_key
            )
    except IntegrityError:
        return False
    Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    comment.refresh_from_db(fields=["report_count", "status"])
    threshold = rules_for(comment.discussion.article).report_threshold
    if comment.status == Comment.Status.APPROVED and comment.report_count >= threshold:
        _hide(comment)
    return True


def _hide(comment: Comment) -> None:
    comment.status = Comment.Status.PENDING
    comment.held_reason = (
        f"Hidden after {comment.report_count} reader reports, waiting for an editor."
    )
    comment.save(update_fields=["status", "held_reason"])
    recount_comments(comment.discussion, top_numbers=[comment.top_number])
    log(
        instance=comment,
        action=HIDDEN_ACTION,
        data={"previous_status": Comment.Status.APPROVED, "status": comment.status},
    )
