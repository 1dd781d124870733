"""Every door where someone types a password or asks for a reset, and their guard.

The middleware refuses a try that is over a limit before the door's view
checks anything; failed sign-ins are counted where Django reports them (the
user_login_failed signal, sent by Wagtail's, Django admin's and allauth's
logins alike), and reset requests as they arrive. See sign_in_limits.py.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string

from .sign_in_limits import (
    RESET,
    SIGN_IN,
    attempt_at,
    count_attempt,
    refusal_for,
    remember_browser,
)

# URL name -> (what the door does, the form field naming the account).
DOORS = {
    "wagtailadmin_login": (SIGN_IN, "username"),
    "wagtailcore_login": (SIGN_IN, "username"),
    "admin:login": (SIGN_IN, "username"),
    "account_login": (SIGN_IN, "login"),
    "account_reauthenticate": (SIGN_IN, ""),
    "wagtailadmin_password_reset": (RESET, "email"),
    "account_reset_password": (RESET, "email"),
}


class SignInLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "_masthead_signed_in", None)
        if user is not None:
            remember_browser(response, request=request, user=user)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        door = request.resolver_match.view_name if request.resolver_match else ""
        if request.method != "POST" or door not in DOORS:
            return None
        kind, field = DOORS[door]
        attempt = attempt_at(
            request, kind=kind, door=door, identifier=_identifier(request, field)
        )
        refusal = refusal_for(request, attempt=attempt)
        if refusal is not None:
            return _refused(request, refusal)
        if kind == RESET:
            count_attempt(request, attempt=attempt)
        return None


def count_failed_sign_in(request, credentials: dict) -> None:
    """Called for every failed password check that came with a request."""
    if request is None:
        return
    match = getattr(request, "resolver_match", None)
    door = match.view_name if match else request.path[:60]
    identifier = next(
        (
            str(credentials[name])
            for name in ("username", "email", "login")
            if credentials.get(name)
        ),
        "",
    )
    attempt = attempt_at(request, kind=SIGN_IN, door=door, identifier=identifier)
    count_attempt(request, attempt=attempt)


def note_signed_in(request, user) -> None:
    """Remember, for the response, that this browser proved it knows `user`."""
    if request is not None:
        request._masthead_signed_in = user


def _identifier(request, field: str) -> str:
    if not field:
        user = request.user
        return user.get_username() if user.is_authenticated else ""
    return str(request.POST.get(field, ""))[:254]


def _refused(request, refusal) -> HttpResponse:
    html = render_to_string(
        "accounts/sign_in_refused.html",
        {"message": refusal.message, "retry_url": request.get_full_path()},
        request=request,
    )
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(refusal.seconds_left)
    return response
