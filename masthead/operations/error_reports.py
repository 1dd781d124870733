"""Error reports to Sentry (or a service speaking its protocol) when SENTRY_DSN is set.

A report says what broke and where, never who was reading: no address, no
cookie, no posted form (a comment's text, a reader's e-mail), no local
variables (which hold the same). What is left is scrubbed once more, so an
address or e-mail quoted in an error message is replaced too. Each report is
tagged with the request id its log lines carry.
"""

import re

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from masthead.operations.request_ids import current_request_id
from masthead.privacy import hash_addresses

_EMAIL = re.compile(
    r"[^\s<>()\[\]\"',;:@]+@[^\s<>()\[\]\"',;:@]+\.[^\s<>()\[\]\"',;:@]+"
)
# Headers that name the reader, their session or their address.
_PRIVATE_HEADERS = {
    "authorization",
    "cookie",
    "forwarded",
    "x-csrftoken",
    "x-forwarded-for",
    "x-real-ip",
}


def start_error_reports(
    *, dsn: str, environment: str, release: str, transport=None
) -> None:
    """Send unhandled errors (and ERROR log lines) to the service at `dsn`.

    `transport` replaces the HTTP transport (tests pass one that keeps events).
    """
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration()],
        # send_default_pii=False, in the option that replaces it (this
        # sentry-sdk deprecates send_default_pii), and tighter: no cookies,
        # no request bodies, no local variables, no query parameters of SQL.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        before_send=scrub_event,
        **({"transport": transport} if transport is not None else {}),
    )


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """`event` tagged with the request id, without anything that names a reader."""
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    request = event.get("request")
    if isinstance(request, dict):
        for private in ("cookies", "data", "env"):
            request.pop(private, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in _PRIVATE_HEADERS
            }
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {key: user[key] for key in ("id",) if key in user}
    return _scrubbed(event)


def _scrubbed(value):
    """`value` with every e-mail address removed and every IP address hashed."""
    if isinstance(value, str):
        return hash_addresses(_EMAIL.sub("[e-mail]", value))
    if isinstance(value, dict):
        return {key: _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(item) for item in value]
    return value
