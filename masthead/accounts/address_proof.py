"""Which e-mail address a commenter has proved is theirs: the one rule trust rests on.

An address typed into a form proves nothing, since anyone can type anyone's.
A signed-in reader proves theirs by verifying it (allauth's mail). A guest
proves theirs by pressing the button behind a confirmation link mailed to it;
that answer leaves a signed, long-lived cookie in the browser naming the
address (as a keyed hash, so the cookie does not give the address away).
Trust after approved comments (moderation's screening) and subscriptions
confirmed at once (notifications) both ask `proven_email` and nothing else.

The cookie changes how a post is screened, never what a page shows, so unlike
the guest-details cookie it is not one of cookies.PERSONAL: pages
for a proven guest stay shared and cacheable.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

from masthead import cookies
from masthead.privacy import keyed_hash, normalise_email

COOKIE_NAME = cookies.ADDRESS_PROOF
_SALT = "masthead.accounts.address_proof"
_KEPT_FOR = 60 * 60 * 24 * 365


def proven_email(request, *, email: str) -> str:
    """`email`, normalised, if this reader has proved it is theirs; else "".

    Signed in: the account's address, verified. A guest: the address named
    by this browser's proof cookie (forged, expired or another address: "").
    """
    email = normalise_email(email)
    if not email:
        return ""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return email if _is_verified_for(user, email) else ""
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return ""
    try:
        proved = signing.loads(raw, salt=_SALT, max_age=_KEPT_FOR)
    except signing.BadSignature:
        return ""
    if isinstance(proved, str) and constant_time_compare(proved, _keyed_hash(email)):
        return email
    return ""


def prove_address(response, *, email: str) -> None:
    """Leave in this browser the proof that its reader receives `email`'s mail.

    Call only when answering a mailed link for `email` that was just followed;
    it replaces any address the browser proved before.
    """
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps(_keyed_hash(normalise_email(email)), salt=_SALT),
        max_age=_KEPT_FOR,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
    )


def _is_verified_for(user, email: str) -> bool:
    from allauth.account.models import EmailAddress

    if normalise_email(user.email) != email:
        return False
    return EmailAddress.objects.filter(
        user=user, email__iexact=email, verified=True
    ).exists()


def _keyed_hash(email: str) -> str:
    return keyed_hash("accounts.address_proof", email)
