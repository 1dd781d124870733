"""What the comment form itself tells about its sender: a stamp of when it was shown."""

import time
from datetime import timedelta

from django.core import signing

_SALT = "masthead.moderation.form-stamp"
# A missing or forged stamp counts as a form that was open far too long, so
# the comment is held for a person to look at rather than thrown away.
UNKNOWN_AGE = timedelta(days=365)


def stamp_form(*, now: float | None = None) -> str:
    """A signed note of when the form was drawn, for its hidden `started` field."""
    return signing.dumps(int(now if now is not None else time.time()), salt=_SALT)


def form_age(stamp: str | None) -> timedelta:
    """How long ago the form with this stamp was drawn."""
    try:
        started = signing.loads(stamp or "", salt=_SALT)
    except signing.BadSignature:
        return UNKNOWN_AGE
    if not isinstance(started, int):
        return UNKNOWN_AGE
    return timedelta(seconds=max(0, time.time() - started))
