"""Cross-site request forgery checks for the comment form.

Guests' article pages may be served from a shared cache, so they carry no
per-reader CSRF token. A guest's post is accepted when the browser says it
came from this site (the Origin header, or the Referer where a browser sends
no Origin), the check OWASP recommends beside tokens. "This site" means its
scheme and host exactly: a page on http:// cannot post to the https:// site.
Signed-in readers, who always get fresh pages, must send Django's CSRF token
as on any other form.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware

logger = logging.getLogger("django.security.csrf")


def is_forgery_safe(request) -> bool:
    """Whether a post may be trusted to come from this site's own pages.

    A refused post is logged as Django logs any CSRF failure; an accepted one
    logs nothing, even when it passed by origin rather than by token.
    """
    token_refusal = _QuietTokenCheck(lambda request: None).process_view(
        request, None, (), {}
    )
    if token_refusal is None:
        return True
    if not request.user.is_authenticated and _comes_from_this_site(request):
        return True
    logger.warning(
        "Forbidden (%s): %s",
        token_refusal,
        request.path,
        extra={"status_code": 403, "request": request},
    )
    return False


class _QuietTokenCheck(CsrfViewMiddleware):
    """Django's own token check, answering with the reason instead of a logged 403.

    For a guest a missing token is only the first question (the origin is the
    second), so logging it as the middleware does would report every accepted
    guest post as "Forbidden".
    """

    def _reject(self, request, reason):
        return reason


def _comes_from_this_site(request) -> bool:
    source = request.headers.get("Origin")
    if not source or source == "null":
        source = request.headers.get("Referer", "")
    origin = _origin_of(source)
    return bool(origin) and origin in _own_origins(request)


def _own_origins(request) -> set[str]:
    """The origins this site answers on, each as scheme://host[:port].

    The request's own (so http:// never stands in for https://), the BASE_URL
    readers are sent to (behind a proxy that ends TLS, the request itself may
    look like plain http), and CSRF_TRUSTED_ORIGINS, compared exactly.
    """
    return {
        _origin_of(f"{request.scheme}://{request.get_host()}"),
        _origin_of(settings.BASE_URL),
        *(_origin_of(trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS),
    } - {""}


def _origin_of(address: str) -> str:
    """scheme://host[:port] of an http(s) address, lower-cased; "" if it has none."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:  # e.g. an unclosed IPv6 bracket in a forged Referer
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()
