"""An author's record as the moderation queue shows it: approved and rejected totals.

Rejected means rejected by a moderator (spam or removed); comments an author
withdrew themselves do not count against them.

Counted, not stored, but each count stops at RECORD_LIMIT: a regular with
twenty thousand comments would otherwise cost twenty thousand index entries
on every queue page that shows them, and "100+ approved" tells a moderator
as much as the exact figure.
"""

from django.db import connections

from masthead.discussion.models import Comment

RECORD_LIMIT = 100
APPROVED = (Comment.Status.APPROVED,)
REJECTED = (Comment.Status.SPAM, Comment.Status.REMOVED)
# Served by comment_author_email_idx (LOWER(author_email), status): each count
# reads at most RECORD_LIMIT + 1 matching rows per status. A comment its author
# deleted is "removed" too, but no moderator rejected it: it is left out.
_CAPPED_COUNT = (
    "(SELECT COUNT(*) FROM (SELECT 1 FROM discussion_comment"
    " WHERE LOWER(author_email) = %s AND status IN ({statuses})"
    " AND NOT is_deleted_by_author LIMIT %s) AS capped)"
)


def attach_author_records(comments: list[Comment]) -> None:
    """Give each comment `author_approved` and `author_rejected`, as shown
    ("100+" past RECORD_LIMIT); one query for the whole page, none if no
    comment has an address."""
    emails = sorted(
        {comment.author_email.strip().lower() for comment in comments} - {""}
    )
    records = _capped_records(emails) if emails else {}
    for comment in comments:
        approved, rejected = records.get(comment.author_email.strip().lower(), (0, 0))
        comment.author_approved = _shown(approved)
        comment.author_rejected = _shown(rejected)


def _capped_records(emails: list[str]) -> dict[str, tuple[int, int]]:
    columns, params = [], []
    for email in emails:
        for statuses in (APPROVED, REJECTED):
            placeholders = ", ".join(["%s"] * len(statuses))
            columns.append(_CAPPED_COUNT.format(statuses=placeholders))
            params += [email, *statuses, RECORD_LIMIT + 1]
    with connections[Comment.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)  # noqa: S608 (placeholders only)
        counts = cursor.fetchone()
    return {
        email: (counts[2 * number], counts[2 * number + 1])
        for number, email in enumerate(emails)
    }


def _shown(count: int) -> str:
    return f"{RECORD_LIMIT}+" if count > RECORD_LIMIT else str(count)
