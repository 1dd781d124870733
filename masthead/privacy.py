"""Keyed hashes for what Masthead must recognise but never keep: IP addresses.

hash_addresses() rewrites free text (a server log line, an error report) the
same way, so an address found there matches the hash the discussion keeps.
"""

import ipaddress
import re

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


# Candidates only: each match is checked with `ipaddress` before it is hashed,
# so a time such as 12:30:45 or a version such as 1.2.3 is left alone.
_ADDRESS = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,}[0-9A-Fa-f:.]*"  # IPv6
    r"|(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"  # IPv4
)


def hash_addresses(text: str, *, kept: frozenset[str] = frozenset()) -> str:
    """`text` with each IP address replaced by its keyed hash, except those `kept`."""

    def replace(match: re.Match) -> str:
        candidate = match.group()
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            return candidate
        return candidate if str(address) in kept else hash_ip(candidate)

    return _ADDRESS.sub(replace, text)
