"""How often one reader may post, preview or report: django-ratelimit on the cache.

Counted per keyed hash of the address and per e-mail address, so a flood from
one place or under one name slows down whatever else changes.
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from masthead.privacy import client_ip, hash_ip

TOO_FAST_MESSAGE = (
    "You are posting very quickly. Please wait a minute, then post again: "
    "your comment is still here."
)


def is_posting_too_fast(request, *, email: str) -> bool:
    """Count this attempt and say whether it goes over a posting limit."""
    address = hash_ip(client_ip(request))
    over_address_limit = is_ratelimited(
        request,
        group="comments-by-address",
        key=lambda group, request: address,
        rate=settings.COMMENT_RATE_PER_IP,
        increment=True,
    )
    over_email_limit = bool(email) and is_ratelimited(
        request,
        group="comments-by-email",
        key=lambda group, request: email.lower(),
        rate=settings.COMMENT_RATE_PER_EMAIL,
        increment=True,
    )
    return over_address_limit or over_email_limit


def is_reporting_too_fast(request) -> bool:
    address = hash_ip(client_ip(request))
    return is_ratelimited(
        request,
        group="reports-by-address",
        key=lambda group, request: address,
        rate="20/h",
        increment=True,
    )


TOO_MANY_PREVIEWS_MESSAGE = (
    "You are asking for previews very quickly. Please wait a minute, then "
    "preview again: your comment is still here."
)


def is_previewing_too_fast(request) -> bool:
    """Count this preview and say whether it goes over the limit.

    A preview renders up to 10,000 characters of Markdown and stores nothing,
    so without a limit it is the cheapest way to keep the workers busy.
    """
    address = hash_ip(client_ip(request))
    return is_ratelimited(
        request,
        group="previews-by-address",
        key=lambda group, request: address,
        rate=settings.COMMENT_PREVIEW_RATE_PER_IP,
        increment=True,
    )
