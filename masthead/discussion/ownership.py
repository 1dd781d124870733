"""Which comments this browser wrote: a signed cookie, never the IP address.

Guests can edit or delete their comment for a short while and see it while
it awaits moderation. The cookie lists their recent comment ids, signed so it
cannot be forged; signed-in readers are recognised by their account instead.
"""

from django.conf import settings

from masthead import cookies

from .models import Comment, Viewer

COOKIE_NAME = cookies.OWN_COMMENTS
_SALT = "masthead.discussion.ownership"
_REMEMBERED = 50


def own_comment_ids(request) -> frozenset[int]:
    raw = request.get_signed_cookie(COOKIE_NAME, default="", salt=_SALT)
    return frozenset(int(part) for part in raw.split(",") if part.isdigit())


def viewer_for(request) -> Viewer:
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    return Viewer(user_id=user_id, own_comment_ids=own_comment_ids(request))


def remember_comment(request, response, comment: Comment) -> None:
    """Add `comment` to the browser's signed list of its own comments."""
    ids = [comment.pk, *sorted(own_comment_ids(request), reverse=True)]
    response.set_signed_cookie(
        COOKIE_NAME,
        ",".join(str(pk) for pk in ids[:_REMEMBERED]),
        salt=_SALT,
        max_age=60 * 60 * 24 * 30,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and settings.SESSION_COOKIE_SECURE,
    )


def can_change(request, comment: Comment) -> bool:
    """Whether this reader wrote `comment` (time limits are checked elsewhere)."""
    return viewer_for(request).wrote(comment)
