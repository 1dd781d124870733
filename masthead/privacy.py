"""Keyed hashes for what Masthead must recognise but never keep: IP addresses
and e-mail addresses.

Every keyed hash in Masthead is made here, each under a purpose of its own, so
a hash kept for one purpose never matches one kept for another. hash_addresses()
rewrites free text (a server log line, an error report) the same way as
hash_ip(), so an address found there matches the hash the discussion keeps.
"""

import ipaddress
import re

from django.conf import settings
from django.utils.crypto import salted_hmac


def keyed_hash(
    purpose: str, value: str, *, key: str | None = None, length: int | None = None
) -> str:
    """An HMAC of `value` for `purpose`: the same value always gives the same
    hash, and nobody without the key (SECRET_KEY unless `key`) can find the
    value from it, or test a guess against it."""
    digest = salted_hmac(f"masthead.{purpose}", value, secret=key).hexdigest()
    return digest[:length] if length else digest


def address_key() -> str:
    """The key for hashes of network addresses and sign-in names: IP_HASH_KEY
    (else SECRET_KEY), so it can be kept when SECRET_KEY is rotated and bans
    and limits survive the rotation."""
    return settings.IP_HASH_KEY or settings.SECRET_KEY


def normalise_email(email: str | None) -> str:
    """The form every e-mail address is stored, compared and hashed in."""
    return (email or "").strip().lower()


def hash_email(email: str | None, *, purpose: str) -> str:
    """A keyed hash of an e-mail address, whatever its case or spacing."""
    return keyed_hash(purpose, normalise_email(email))


def hash_ip(ip_address: str | None) -> str:
    """A keyed hash of an IP address, stable across restarts; "" for none.

    The key comes from the environment (IP_HASH_KEY, else SECRET_KEY), so a
    leaked database alone cannot be matched against a list of addresses.
    """
    if not ip_address:
        return ""
    return keyed_hash("ip", ip_address.strip(), key=address_key(), length=32)


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
