"""One line per request on the "masthead.requests" logger, its fields as JSON.

With LOG_FORMAT=json the fields sit beside the line's time, level and
request id; with LOG_FORMAT=text the line is the fields alone, as one JSON
object (operations/log_format.py).

The line never holds the reader's address, only a keyed hash of it (the same
one the discussion keeps), so logs can be kept and shipped without turning
into a record of who read what from where.
"""

import logging
import time

from django.utils.functional import empty

from masthead.privacy import client_ip, hash_ip

from .metrics import count_request

logger = logging.getLogger("masthead.requests")


def describe_request(*, request, status: int, duration_ms: float) -> dict:
    """The fields logged for one request (the request id is added by the handler)."""
    return {
        "method": request.method,
        "path": request.path,
        "status": status,
        "duration_ms": round(duration_ms, 1),
        "user_id": _user_id(request),
        "client": hash_ip(client_ip(request)),
    }


def _user_id(request) -> int | None:
    """The signed-in user's id, if the request has already looked the user up.

    Looking them up here would add a session and a user query to pages that
    never needed them; every page that shows who is signed in has done so.
    """
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Outermost middleware: times everything the others and the view do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        fields = describe_request(
            request=request, status=response.status_code, duration_ms=duration_ms
        )
        logger.info(
            "%s %s %s", request.method, request.path, response.status_code, extra=fields
        )
        count_request(method=request.method, status=response.status_code)
        return response
