"""Noticing a proxy in front that Masthead was not told about.

Behind nginx (deploy/), every request reaches gunicorn from 127.0.0.1 and the
reader's address is only in X-Forwarded-For. Masthead reads that header only
when TRUSTED_PROXY_COUNT says how many proxies add to it (privacy.client_ip);
left at 0, every reader is the proxy's address: one rate limit for the whole
site, and "ban this address" bans everyone.

A system check cannot see a request, so the evidence is gathered where it
shows: the first request that arrives from a loopback or private address with
X-Forwarded-For logs a warning (once per process) and leaves a note in the
shared cache. The check `masthead.W011` reports that note when checks may touch
shared stores (`migrate`, which each deploy runs, and `check --database
default`); `check --deploy` also warns (`masthead.W012`) when the settings say
a TLS proxy is in front but TRUSTED_PROXY_COUNT is 0.
"""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import MiddlewareNotUsed
from django.utils import timezone

logger = logging.getLogger(__name__)

SEEN_KEY = "masthead:operations:untrusted-proxy-seen"
SEEN_FOR_SECONDS = 30 * 24 * 60 * 60
FIX = (
    "Set TRUSTED_PROXY_COUNT to the number of proxies that add to "
    "X-Forwarded-For in front of Masthead: 1 behind the nginx of deploy/ "
    "(masthead-web.service sets it), 2 with a CDN in front of that nginx."
)


def is_internal_address(address: str) -> bool:
    """Whether `address` is loopback or private: a proxy's, not a reader's."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped
    return parsed.is_loopback or parsed.is_private


def arrives_through_untrusted_proxy(request) -> bool:
    """A proxy relayed this request, and Masthead reads no address from it."""
    return (
        not settings.TRUSTED_PROXY_COUNT
        and bool(request.META.get("HTTP_X_FORWARDED_FOR", "").strip())
        and is_internal_address(request.META.get("REMOTE_ADDR", ""))
    )


def record_untrusted_proxy() -> None:
    """Log the misconfiguration and note it for the system check."""
    logger.warning(
        "Requests arrive through a proxy (from a loopback or private address, "
        "with X-Forwarded-For) but TRUSTED_PROXY_COUNT is 0, so every reader "
        "behind it shares one address, one rate limit and one ban. %s",
        FIX,
    )
    try:
        cache.add(SEEN_KEY, timezone.now().isoformat(), SEEN_FOR_SECONDS)
    # The note only feeds a later check; a cache that is down must not turn
    # the request into an error.
    except Exception:
        logger.exception("Could not note the untrusted proxy in the cache.")


class UntrustedProxyMiddleware:
    """Watches the first requests for a proxy Masthead does not trust; warns once.

    Not loaded at all once TRUSTED_PROXY_COUNT is set, and stops looking in
    this process after the first warning, so it costs nothing where the
    set-up is right.
    """

    def __init__(self, get_response):
        if settings.TRUSTED_PROXY_COUNT:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.has_warned = False

    def __call__(self, request):
        if not self.has_warned and arrives_through_untrusted_proxy(request):
            self.has_warned = True
            record_untrusted_proxy()
        return self.get_response(request)


@register(Tags.security)
def check_trusted_proxy_count(app_configs=None, databases=None, **kwargs):
    """masthead.E011 for a negative count; masthead.W011 once a proxy was seen."""
    if settings.TRUSTED_PROXY_COUNT < 0:
        return [
            Error(
                f"TRUSTED_PROXY_COUNT is {settings.TRUSTED_PROXY_COUNT}.",
                hint=FIX,
                id="masthead.E011",
            )
        ]
    # Like Django's own database checks, the shared cache is read only when
    # the caller lets checks touch shared stores.
    if settings.TRUSTED_PROXY_COUNT or not databases:
        return []
    try:
        seen_since = cache.get(SEEN_KEY)
    except Exception:  # no cache table yet, or Redis down: nothing to report
        return []
    if not seen_since:
        return []
    return [
        CheckWarning(
            "Requests have arrived through a proxy (from a loopback or private "
            "address, with X-Forwarded-For) since "
            f"{seen_since}, but TRUSTED_PROXY_COUNT is 0: every reader shares "
            "the proxy's address, its posting limit and its bans.",
            hint=FIX,
            id="masthead.W011",
        )
    ]


@register(Tags.security, deploy=True)
def check_proxy_without_trusted_count(app_configs=None, **kwargs):
    """masthead.W012: a TLS proxy is configured, but no trusted proxy count."""
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if not behind_proxy or settings.TRUSTED_PROXY_COUNT:
        return []
    return [
        CheckWarning(
            "TRUST_X_FORWARDED_PROTO says a proxy is in front, but "
            "TRUSTED_PROXY_COUNT is 0: Masthead will see every reader as the "
            "proxy's address.",
            hint=FIX,
            id="masthead.W012",
        )
    ]
