"""Dates and damaged records: what the WXR and Disqus readers share."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from .xmlstream import XmlError

_UNSET_DATES = {"", "0000-00-00 00:00:00"}


@dataclass
class DamagedRecord:
    """A record the XML parser had to guess at; it is skipped, not imported."""

    kind: str
    line: int
    errors: list[XmlError] = field(default_factory=list)

    @property
    def reason(self) -> str:
        first = self.errors[0] if self.errors else "damaged XML"
        return f"{self.kind} is damaged ({first}); skipped"


def parse_wordpress_date(*candidates: str) -> datetime | None:
    """The first of WordPress's "YYYY-MM-DD HH:MM:SS" or RFC 822 dates that parses.

    GMT dates are passed first; a draft has "0000-00-00 00:00:00" there and
    its local date is then taken as UTC, the closest guess the file allows.
    """
    for text in candidates:
        text = (text or "").strip()
        if text in _UNSET_DATES:
            continue
        try:
            # fromisoformat reads "YYYY-MM-DD HH:MM:SS" far faster than strptime.
            return datetime.fromisoformat(text).replace(tzinfo=UTC)
        except ValueError:
            pass
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def parse_iso_date(text: str) -> datetime | None:
    """Disqus's "2013-10-10T19:20:29Z", as an aware datetime; None if unreadable."""
    try:
        moment = datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def judged(stream, record, *, kind: str, line: int, next_line: int | None):
    """The record, or a DamagedRecord if the parser recovered from errors inside it.

    `stream` is the XmlStream the record was read from; its errors between
    this record's line and the next record's say whether the record is whole.
    """
    stream.records[kind] += 1
    errors = stream.errors_between(line, next_line)
    if errors:
        return DamagedRecord(kind=kind, line=line, errors=errors)
    return record
