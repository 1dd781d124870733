"""One id per request, joining its log lines, its error report and the proxy's log.

nginx makes an id for each request and passes it as X-Request-ID; Masthead
keeps it when it trusts the proxy (TRUSTED_PROXY_COUNT > 0) and the id looks
like one, and otherwise makes its own. The id goes back to the client in the
X-Request-ID header, so a reader's "something went wrong at 10:42" can be
matched to the lines that say what.
"""

import logging
import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; a UUID or a load balancer's trace id
# also fits. Anything longer or with other characters is made up afresh, so a
# client cannot write arbitrary text into the logs through the header.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")

_current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being answered in this thread, or None outside one."""
    return _current_request_id.get()


def request_id_for(request) -> str:
    """The proxy's id for `request` when the proxy is trusted and the id is sane;
    else a new random one."""
    if settings.TRUSTED_PROXY_COUNT > 0:
        offered = request.headers.get(HEADER, "")
        if _ACCEPTED_ID.fullmatch(offered):
            return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Outermost middleware: everything logged while answering carries the id.

    The id stays set until Django sends request_finished, once the server has
    written the answer: Django logs a 404 or 500 answer after the last
    middleware has returned, and that line needs the id most.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        _current_request_id.set(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


@receiver(request_finished)
def forget_request_id(**signal_details) -> None:
    """The request is over: lines written after it carry no id."""
    _current_request_id.set(None)


@contextmanager
def answering(request_id: str | None):
    """Log as if inside the request `request_id`: for servers that log after the
    app has returned, such as gunicorn's access log."""
    token = _current_request_id.set(request_id)
    try:
        yield
    finally:
        _current_request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on each record written inside a request (handlers use it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = _current_request_id.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True
