"""The one rule for a web address that someone else supplied: http or https only.

A commenter's website becomes a link on their name, so an address in another
scheme (`javascript:`, `data:`, `vbscript:`) would run in readers' browsers;
the Content-Security-Policy is a second wall, not the first. The comment form
and both importers store an address only through `clean_web_link`, and the
thread's markup asks `is_web_link` again before linking a stored one, so rows
written before this rule, or by any other door, show as plain names.
"""

from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

SCHEMES = ("http", "https")
# A commenter's website: the comment form's limit and Comment.author_url's.
MAX_LENGTH = 300
NOT_A_WEB_ADDRESS = "Please give a web address starting http:// or https://."
TOO_LONG = "Please keep web addresses under %(limit)s characters."

_validate = URLValidator(schemes=list(SCHEMES))


def clean_web_link(value: str, *, max_length: int = MAX_LENGTH) -> str:
    """`value` as a link fit to store: trimmed, "" when blank.

    An address with no scheme gets https://, as the comment form has always
    done for "ann.example". Raises ValidationError unless the result is a
    valid http or https address of at most `max_length` characters.
    """
    link = value.strip()
    if not link:
        return ""
    link = _with_scheme(link)
    if len(link) > max_length:
        raise ValidationError(TOO_LONG, code="max_length", params={"limit": max_length})
    try:
        _validate(link)
    except ValidationError:
        raise ValidationError(NOT_A_WEB_ADDRESS, code="invalid") from None
    return link


# Threads show the same few commenters' addresses again and again; the
# validator's regular expressions cost more than a lookup.
@lru_cache(maxsize=4096)
def is_web_link(value: str) -> bool:
    """Whether a stored address may become a link: it passes the rule unchanged."""
    try:
        return bool(value) and clean_web_link(value) == value
    except ValidationError:
        return False


def _with_scheme(link: str) -> str:
    """ "ann.example/x" as "https://ann.example/x"; other addresses unchanged."""
    try:
        scheme, netloc, path, query, fragment = urlsplit(link)
    except ValueError:  # e.g. an unbalanced "[" in the host
        raise ValidationError(NOT_A_WEB_ADDRESS, code="invalid") from None
    if scheme:
        return link
    if not netloc:
        netloc, path = path, ""
    return urlunsplit(("https", netloc, path, query, fragment))
