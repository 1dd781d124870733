"""A guest's name, e-mail and website, remembered in their browser if they ask.

Kept in a signed, HttpOnly cookie rather than in localStorage, so the form
is filled by the server and works without JavaScript. The cookie's name is
in cookies.PERSONAL: a page filled from it is never cached.
"""

from django.conf import settings
from django.core import signing

from masthead import cookies

COOKIE_NAME = cookies.GUEST_DETAILS
_SALT = "masthead.accounts.guest_details"
_KEPT_FOR = 60 * 60 * 24 * 365
_FIELDS = ("name", "email", "website")


def remembered_guest_details(request) -> dict:
    """The details this browser asked us to remember, or {} (also when forged)."""
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return {}
    try:
        details = signing.loads(raw, salt=_SALT, max_age=_KEPT_FOR)
    except signing.BadSignature:
        return {}
    if not isinstance(details, dict):
        return {}
    remembered = {key: str(details[key]) for key in _FIELDS if details.get(key)}
    return {**remembered, "remember": True} if remembered else {}


def keep_guest_details(request, response, *, details: dict) -> None:
    """Remember the name, e-mail and website if "remember" is ticked; else forget.

    Does nothing for signed-in readers, whose details come from their account.
    """
    if request.user.is_authenticated:
        return
    if details.get("remember"):
        remember_guest_details(
            response,
            name=details["name"],
            email=details["email"],
            website=details.get("website") or "",
        )
    else:
        forget_guest_details(request, response)


def remember_guest_details(response, *, name: str, email: str, website: str) -> None:
    value = signing.dumps(
        {"name": name, "email": email, "website": website}, salt=_SALT
    )
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=_KEPT_FOR,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
    )


def forget_guest_details(request, response) -> None:
    if COOKIE_NAME in request.COOKIES:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
