"""gunicorn's own logs, with every client address replaced by its keyed hash.

gunicorn writes the client's address into its access log (`%(h)s`, and any
header such as the X-Forwarded-For nginx adds) and into its error log
("Invalid request from ip=…" for each malformed request). Masthead keeps only
keyed hashes of addresses (masthead/privacy.py), the same ones the
`masthead.requests` log carries, so deploy/gunicorn.conf.py names this logger
class: every address in a line gunicorn writes becomes its hash, whatever
access-log format an operator sets. Addresses gunicorn listens on are the
server's own, not a reader's, and are printed as they are ("Listening at").

With LOG_FORMAT=json (or DEBUG off) in the environment, both of gunicorn's
logs write the same JSON objects as the site's loggers
(operations/log_format.py), and each access-log line carries the id of the
request it records.
"""

import ipaddress
import logging
import os

from gunicorn import glogging

from masthead.operations.log_format import JsonLogFormatter, log_format_from
from masthead.operations.request_ids import HEADER, RequestIdFilter, answering
from masthead.privacy import hash_addresses


class AddressHashingLogger(glogging.Logger):
    """gunicorn's Logger, writing keyed hashes where it would write addresses."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self._kept = frozenset(_listening_addresses(cfg.bind))
        # setup() runs again when gunicorn reloads its configuration.
        for old in [f for f in self.error_log.filters if isinstance(f, _HashAddresses)]:
            self.error_log.removeFilter(old)
        self.error_log.addFilter(_HashAddresses(self._kept))
        # Read from the environment, not Django's settings: loading those in
        # gunicorn's master would hand their old code to the workers a reload
        # starts.
        if log_format_from(os.environ) == "json":
            for handler in [*self.error_log.handlers, *self.access_log.handlers]:
                handler.setFormatter(JsonLogFormatter())
                handler.addFilter(RequestIdFilter())

    def access(self, resp, req, environ, request_time) -> None:
        # gunicorn writes this line after the app has returned: the request's
        # id is read back from the header the app set on its answer.
        request_id = next(
            (value for name, value in resp.headers if name.lower() == HEADER.lower()),
            None,
        )
        with answering(request_id):
            super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        # Every atom, not only %(h)s: headers (X-Forwarded-For, X-Real-IP,
        # Forwarded) and environ values (REMOTE_ADDR) carry addresses too.
        return {
            name: hash_addresses(value, kept=self._kept)
            if isinstance(value, str)
            else value
            for name, value in atoms.items()
        }


class _HashAddresses(logging.Filter):
    """Rewrites each error-log record, its traceback included, before it is written."""

    def __init__(self, kept: frozenset[str]):
        super().__init__()
        self.kept = kept

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hashed = hash_addresses(message, kept=self.kept)
        if hashed != message:
            record.msg, record.args = hashed, ()
        if record.exc_info and not record.exc_text:
            traceback = logging.Formatter().formatException(record.exc_info)
            record.exc_text = hash_addresses(traceback, kept=self.kept)
        return True


def _listening_addresses(binds: list[str]) -> set[str]:
    """The IP addresses in gunicorn's `bind` values: "127.0.0.1:8001", "[::1]:80"."""
    addresses = set()
    for bind in binds:
        host = bind.rsplit("]", 1)[0].lstrip("[") if bind.startswith("[") else bind
        if not bind.startswith("[") and bind.count(":") == 1:
            host = bind.split(":", 1)[0]
        try:
            addresses.add(str(ipaddress.ip_address(host)))
        except ValueError:  # a host name or unix:/path names no address
            continue
    return addresses
