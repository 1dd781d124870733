"""How every log line is written: one JSON object per line, or plain text.

LOG_FORMAT=json (the default with DEBUG off) gives log shippers one object per
line from every logger (Django's, Wagtail's, the task workers', gunicorn's
and Masthead's): time, level, logger, message, request_id inside a request,
exception when there is one, and any fields the logger added. LOG_FORMAT=text
(the default with DEBUG on) is for people reading a terminal.
"""

import copy
import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

LOG_FORMATS = ("json", "text")
_TRUE = {"true", "on", "ok", "y", "yes", "1"}  # as django-environ reads a bool
# Extras some loggers attach that must not be written: Django's development
# server passes its socket (which names the client's address) as "request",
# and django.request passes the request object, which says nothing useful
# as text.
_UNWRITTEN_EXTRAS = ("request", "server_time", "taskName")
# The fields of a "masthead.requests" line, in order (request_logging.py).
REQUEST_FIELDS = (
    "method",
    "path",
    "status",
    "duration_ms",
    "user_id",
    "client",
    "request_id",
)


class JsonLogFormatter(JsonFormatter):
    """One JSON object per record, with the field names Masthead documents."""

    def __init__(self):
        super().__init__(
            ["asctime", "levelname", "name", "message"],
            rename_fields={
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "exc_info": "exception",
                "stack_info": "stack",
            },
            reserved_attrs=[*RESERVED_ATTRS, *_UNWRITTEN_EXTRAS],
        )

    def formatTime(self, record, datefmt=None) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and record.exc_text:
            # A handler's filter has already written the traceback (gunicorn's
            # with addresses hashed): write that text, not a fresh one.
            record = copy.copy(record)
            record.exc_info = None
        return super().format(record)


class TextLogFormatter(logging.Formatter):
    """Time, level, logger, request id (or "-") and message, for a terminal."""

    def __init__(self):
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
            defaults={"request_id": "-"},
        )


class RequestLineFormatter(logging.Formatter):
    """A "masthead.requests" record as its fields alone, one JSON object.

    The text format's request line stays machine-readable, as it always was.
    """

    def format(self, record: logging.LogRecord) -> str:
        fields = {name: getattr(record, name, None) for name in REQUEST_FIELDS}
        return json.dumps(fields, separators=(",", ":"))


def log_format_from(environment: Mapping[str, str]) -> str:
    """LOG_FORMAT from `environment` as settings.py reads it: as set, else "text"
    with DEBUG on and "json" with it off."""
    chosen = environment.get("LOG_FORMAT", "").strip().lower()
    if chosen:
        return chosen
    debug = environment.get("DEBUG", "").strip().lower() in _TRUE
    return "text" if debug else "json"


def logging_settings(*, log_format: str, level: str) -> dict:
    """Django's LOGGING for `log_format` ("json" or "text") at root level `level`.

    Raises ImproperlyConfigured for any other format.
    """
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"LOG_FORMAT is {log_format!r}; set it to json or text."
        )
    is_json = log_format == "json"
    site_formatter = JsonLogFormatter if is_json else TextLogFormatter
    request_formatter = JsonLogFormatter if is_json else RequestLineFormatter
    handler = {"class": "logging.StreamHandler", "filters": ["request_id"]}
    # Django's own defaults give its loggers handlers of their own (plain text
    # only while DEBUG, mail to ADMINS, the development server's): emptied
    # here, its lines go through the root's handler in the format chosen.
    through_root = {"handlers": [], "level": "INFO", "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "masthead.operations.request_ids.RequestIdFilter"}
        },
        "formatters": {
            "site": {"()": site_formatter},
            "request_line": {"()": request_formatter},
        },
        "handlers": {
            "console": {**handler, "formatter": "site"},
            "requests": {**handler, "formatter": "request_line"},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": through_root,
            **({"django.server": through_root} if is_json else {}),
            "masthead.requests": {
                "handlers": ["requests"],
                "level": "INFO",
                "propagate": False,
            },
        },
    }
