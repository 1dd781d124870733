"""Web addresses read from an export, kept only if they pass the comment form's rule.

An export is as untrusted as a form: an old site's database may hold a
commenter's `javascript:` "website" that its own theme never linked. Every
address an importer writes (commenters' websites, old permalinks, quotation
sources, images kept as links) comes through here.
"""

from django.core.exceptions import ValidationError

from masthead.web_links import MAX_LENGTH, clean_web_link, is_web_link

from .report import ImportReport

DROPPED = "links dropped (not http or https)"


def imported_link(
    value: str,
    *,
    what: str,
    line: int | None,
    report: ImportReport,
    max_length: int = MAX_LENGTH,
) -> str:
    """`value` as a checked web address, or "" when it fails the rule.

    A dropped address is counted and reported with its line and `what` it
    was; the address itself is not echoed, as it may be hostile.
    """
    # A commenter's address repeats with each comment: the remembered answer
    # saves validating it again.
    if len(value) <= max_length and is_web_link(value):
        return value
    try:
        return clean_web_link(value, max_length=max_length)
    except ValidationError:
        report.count(DROPPED)
        report.problem(
            line=line,
            reason=f"{what} is not an http or https address of at most "
            f"{max_length} characters; dropped",
        )
        return ""
