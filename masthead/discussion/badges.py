"""The badge a comment carries when the newsroom speaks in the discussion."""

AUTHOR_BADGE = "Author"
STAFF_BADGE = "Staff"


def badge_for(
    *, author_id: int | None, is_by_staff: bool | None, article_author_id: int | None
) -> str:
    """ "Author" for the article's author, "Staff" for other staff, else "".

    Worked out from columns the page already reads (the author's staff flag
    is joined into the comments' query), so badges cost no query. Guests and
    imported comments have no account and never carry a badge.
    """
    if author_id is None:
        return ""
    if author_id == article_author_id:
        return AUTHOR_BADGE
    return STAFF_BADGE if is_by_staff else ""
