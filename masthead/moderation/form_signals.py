"""What the comment form itself tells about its sender: a stamp of when it was shown.

A stamp is a signed (time, random nonce) pair in the form's hidden `started`
field. The time says how long the form was open; the nonce lets the stamp
serve one post only, so a bot cannot fetch a form once and post from it for
days.

Guests' article pages come from a shared cache (page_cache.py, and perhaps a
CDN in front), so every guest reading one cached copy gets the same stamp,
and a guest without JavaScript can only post the stamp the page holds. A
nonce spent once for the whole site would hold the second reader who
comments on that copy. So a stamp is spent per client instead: once a post
is accepted, the shared cache remembers (nonce, keyed hash of the client's
address) for as long as the stamp is valid, and another post from that
address with that stamp counts as a bot signal: it is held for an editor,
never lost.

A reader who posts again gets a new stamp: after a post without JavaScript
their own-comments cookie keeps them off the page cache, so the page they
land on is drawn afresh; after a post from the page's script, the JSON
answer carries a new stamp that the script puts into every form on the page.

What it cannot stop: a sender with many addresses using each once, which the
per-address rate limits slow down. Two readers behind one address commenting
from one cached copy within its hour: the second comment is held, not lost.
"""

import secrets
import time
from datetime import timedelta

from django.core import signing
from django.core.cache import cache

from .screening import OLDEST_FORM

_SALT = "masthead.moderation.form-stamp"
# A missing or forged stamp counts as a form that was open far too long, so
# the comment is held for a person to look at rather than thrown away.
UNKNOWN_AGE = timedelta(days=365)


def stamp_form(*, now: float | None = None) -> str:
    """A signed note of when the form was drawn, for its hidden `started` field."""
    started = int(now if now is not None else time.time())
    return signing.dumps([started, secrets.token_urlsafe(12)], salt=_SALT)


def form_age(stamp: str | None) -> timedelta:
    """How long ago the form with this stamp was drawn."""
    read = _read(stamp)
    if read is None:
        return UNKNOWN_AGE
    started, _ = read
    return timedelta(seconds=max(0, time.time() - started))


def spend_stamp(*, stamp: str | None, client_hash: str) -> bool:
    """Note a post from this client with this stamp; False if it had posted with it.

    Atomic in the shared cache, so a burst of posts with one stamp gets one
    True. A stamp that cannot be read, or is too old, is not remembered: its
    age alone holds the comment.
    """
    key, seconds_left = _spent_key(stamp, client_hash)
    if key is None:
        return True
    return cache.add(key, True, timeout=seconds_left)


def return_stamp(*, stamp: str | None, client_hash: str) -> None:
    """Forget a spent stamp whose post was refused, so the reader can send it again."""
    key, _ = _spent_key(stamp, client_hash)
    if key is not None:
        cache.delete(key)


def _spent_key(stamp: str | None, client_hash: str) -> tuple[str | None, int]:
    read = _read(stamp)
    if read is None:
        return None, 0
    started, nonce = read
    seconds_left = int(started + OLDEST_FORM.total_seconds() - time.time()) + 1
    if seconds_left <= 0:
        return None, 0
    return f"form-stamp:{nonce}:{client_hash}", seconds_left


def _read(stamp: str | None) -> tuple[int, str] | None:
    try:
        started, nonce = signing.loads(stamp or "", salt=_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(started, int) or not isinstance(nonce, str) or not nonce:
        return None
    return started, nonce
