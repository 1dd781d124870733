"""Keyed hashes for what Masthead must recognise but never keep: IP addresses."""

from django.conf import settings
from django.utils.crypto import salted_hmac


def hash_ip(ip_address: str | None) -> str:
    """A keyed hash of an IP address, stable across restarts; "" for none.

    The key comes from the environment (IP_HASH_KEY, else SECRET_KEY), so a
    leaked database alone cannot be matched against a list of addresses.
    """
    if not ip_address:
        return ""
    key = settings.IP_HASH_KEY or settings.SECRET_KEY
    return salted_hmac("masthead.ip", ip_address.strip(), secret=key).hexdigest()[:32]


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the proxy's X-Forwarded-For if trusted."""
    if settings.TRUSTED_PROXY_COUNT > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            return forwarded[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")
