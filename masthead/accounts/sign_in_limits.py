"""How often anyone may try to sign in or ask for a password reset, on every door.

Counted with django-ratelimit on the shared cache, three ways at once:

- one account from one address: a guesser at one place is stopped soon;
- any account from one address: one place trying many accounts is stopped;
- one account from every browser new to it: many places guessing one
  password are stopped, while the owner's own browser, which carries a
  signed "signed in here before" cookie, still gets in.

So an attacker can stop their own attempts but cannot lock an editor out:
the editor's address and browser are not the attacker's. Addresses and
typed names are counted and stored as keyed hashes only.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_ratelimit.core import get_usage
from wagtail.log_actions import log

from masthead import cookies
from masthead.privacy import address_key, client_ip, hash_ip, keyed_hash

from .models import SignInBlock, User

logger = logging.getLogger("masthead.sign_in")

SIGN_IN, RESET = "sign_in", "reset"
KNOWN_BROWSER_COOKIE = cookies.KNOWN_BROWSER
_KNOWN_BROWSER_SALT = "masthead.accounts.known_browser"
_KNOWN_BROWSER_DAYS = 365
_KNOWN_ACCOUNTS_KEPT = 5
Scope = SignInBlock.Scope

_MESSAGES = {
    (SIGN_IN, Scope.ACCOUNT_FROM_ADDRESS): (
        "Too many failed attempts to sign in to this account from your network. "
        "Please wait {minutes} minutes and try again, or reset your password."
    ),
    (SIGN_IN, Scope.ADDRESS): (
        "Too many failed sign-in attempts from your network. "
        "Please wait {minutes} minutes and try again."
    ),
    (SIGN_IN, Scope.ACCOUNT): (
        "Too many failed attempts to sign in to this account from many places. "
        "Please wait {minutes} minutes, or sign in from a browser you have used "
        "to sign in before."
    ),
}
_RESET_MESSAGE = (
    "Too many password reset requests. Please wait {minutes} minutes and try "
    "again; the mails already sent are on their way."
)


@dataclass(frozen=True)
class Attempt:
    """One try at a door: what kind, from where, at which account."""

    kind: str
    door: str
    address_hash: str
    account_key: str
    account: User | None
    is_known_browser: bool


@dataclass(frozen=True)
class Refusal:
    scope: str
    seconds_left: int
    message: str


def attempt_at(request, *, kind: str, door: str, identifier: str) -> Attempt:
    """Describe a try at `door` to sign in as (or reset) `identifier`."""
    account = _account_named(identifier)
    account_key = f"user:{account.pk}" if account else f"name:{_keyed(identifier)}"
    return Attempt(
        kind=kind,
        door=door,
        address_hash=hash_ip(client_ip(request)),
        account_key=account_key,
        account=account,
        is_known_browser=account_key in _known_accounts(request),
    )


def refusal_for(request, *, attempt: Attempt) -> Refusal | None:
    """Why this try must be refused before it is checked, or None; counts nothing."""
    for scope, key, rate in _limits(attempt):
        usage = _usage(request, attempt, scope=scope, key=key, rate=rate)
        if usage is not None and usage["count"] >= usage["limit"]:
            seconds_left = max(usage["time_left"], 60)
            template = _MESSAGES.get((attempt.kind, scope), _RESET_MESSAGE)
            logger.info(
                "Refused %s at %s: %s limit (address %s, account %s)",
                attempt.kind,
                attempt.door,
                scope,
                attempt.address_hash,
                _shown_key(attempt),
            )
            minutes = -(-seconds_left // 60)
            return Refusal(scope, seconds_left, template.format(minutes=minutes))
    return None


def count_attempt(request, *, attempt: Attempt) -> None:
    """Count a failed sign-in (or any reset request); audit each limit it reaches."""
    for scope, key, rate in _limits(attempt):
        usage = _usage(request, attempt, scope=scope, key=key, rate=rate, count=True)
        if usage is not None and usage["count"] == usage["limit"]:
            _record_block(attempt, scope=scope, seconds_left=usage["time_left"])


def remember_browser(response, *, request, user) -> None:
    """Mark this browser as one `user` signed in from, for the account-wide limit."""
    accounts = [f"user:{user.pk}"] + [
        key for key in _known_accounts(request) if key != f"user:{user.pk}"
    ]
    response.set_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        ",".join(accounts[:_KNOWN_ACCOUNTS_KEPT]),
        salt=_KNOWN_BROWSER_SALT,
        max_age=_KNOWN_BROWSER_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _limits(attempt: Attempt) -> list[tuple[str, str, str]]:
    rates = settings.SIGN_IN_LIMITS[attempt.kind]
    limits = [
        (
            Scope.ACCOUNT_FROM_ADDRESS,
            f"{attempt.account_key}@{attempt.address_hash}",
            rates["account_address"],
        )
    ]
    if not attempt.is_known_browser:
        limits.append((Scope.ADDRESS, attempt.address_hash, rates["address"]))
        limits.append((Scope.ACCOUNT, attempt.account_key, rates["account"]))
    return limits


def _usage(request, attempt, *, scope: str, key: str, rate: str, count=False):
    """django-ratelimit's count for one limit (None when limits are off)."""
    return get_usage(
        request,
        group=f"{attempt.kind}-by-{scope}",
        key=lambda group, request: key,
        rate=rate,
        increment=count,
    )


def _record_block(attempt: Attempt, *, scope: str, seconds_left: int) -> None:
    block = SignInBlock.objects.create(
        door=attempt.door[:60],
        scope=scope,
        account=attempt.account,
        account_hash="" if attempt.account else attempt.account_key[5:],
        address_hash=attempt.address_hash,
        blocked_until=timezone.now() + timedelta(seconds=seconds_left),
    )
    logger.warning(
        "Blocked %s at %s: %s limit reached (address %s, account %s) until %s",
        attempt.kind,
        attempt.door,
        scope,
        attempt.address_hash,
        _shown_key(attempt),
        block.blocked_until.isoformat(timespec="seconds"),
    )
    log(
        instance=block,
        action="masthead.sign_in.blocked",
        data={"door": block.door, "scope": scope, "account": _shown_key(attempt)},
    )


def _account_named(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier or "\x00" in identifier:
        return None  # PostgreSQL refuses NUL in a query, and no name holds one
    named = Q(username__iexact=identifier) | Q(email__iexact=identifier)
    return User.objects.filter(named).order_by("pk").first()


def _known_accounts(request) -> list[str]:
    raw = request.get_signed_cookie(
        KNOWN_BROWSER_COOKIE,
        default="",
        salt=_KNOWN_BROWSER_SALT,
        max_age=_KNOWN_BROWSER_DAYS * 24 * 60 * 60,
    )
    return [key for key in raw.split(",") if key]


def _keyed(identifier: str) -> str:
    value = (identifier or "").strip().lower()
    return keyed_hash("sign_in", value, key=address_key(), length=32)


def _shown_key(attempt: Attempt) -> str:
    """The account as the audit shows it: the username of a real account only."""
    return attempt.account.username if attempt.account else "(no such account)"
