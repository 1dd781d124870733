"""Dates and damaged records: what the WXR and Disqus readers share."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from .xmlstream import XmlError

_UNSET_DATES = {"", "0000-00-00 00:00:00"}
LINES_SHOWN = 10


@dataclass
class DamagedRecord:
    """A record the XML parser had to guess at; it is skipped, not imported."""

    kind: str
    line: int
    errors: list[XmlError] = field(default_factory=list)
    # The words a skipped post showed, as far as the parser could read them:
    # they are lost, and the totals must say so.
    words: int = 0

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


def judged(
    stream,
    record,
    *,
    kind: str,
    line: int,
    next_line: int | None,
    last_line: int | None = None,
):
    """The record, or a DamagedRecord if the parser recovered from errors inside it.

    `stream` is the XmlStream the record was read from; its errors between
    this record's line and the next record's say whether the record is whole
    (for the file's last record, `last_line` is where its last field starts).
    """
    stream.records[kind] += 1
    errors = stream.errors_between(line, next_line, last_line=last_line)
    if errors:
        stream.damaged.append((kind, line))
        return DamagedRecord(kind=kind, line=line, errors=errors)
    first_error = stream.first_error_line()
    if first_error is not None and line > first_error:
        stream.whole_after_damage[kind] += 1
    else:
        stream.whole_before_damage[kind] += 1
    return record


def describe_damage(stream, *, dry_run: bool = False) -> str:
    """What a damaged file gave, for the operator: the records read whole
    before and after the first error, and where the damaged ones start.

    Whole records are imported unless the report lists a reason (an earlier
    run made them, or they are not articles); damaged ones are skipped.
    """
    verb = "would be imported (dry run)" if dry_run else "were imported"
    before = _amounts(stream.whole_before_damage) or "nothing"
    after = _amounts(stream.whole_after_damage) or "nothing"
    lines = [line for _, line in stream.damaged]
    shown = ", ".join(str(line) for line in lines[:LINES_SHOWN])
    if len(lines) > LINES_SHOWN:
        shown += f" and {len(lines) - LINES_SHOWN:,} more"
    damaged = Counter(kind for kind, _ in stream.damaged)
    lost = (
        f"{_amounts(damaged)} damaged and skipped (starting on "
        f"line{'s' if len(lines) > 1 else ''} {shown})"
        if lines
        else "no record was damaged"
    )
    return (
        f"Records read whole {verb}: {before} before the first error (line "
        f"{stream.first_error_line()}) and {after} after it; {lost}. Each error "
        "is listed above."
    )


def _amounts(counts: Counter) -> str:
    return " and ".join(
        f"{amount:,} {kind}" + ("s" if amount != 1 else "")
        for kind, amount in counts.items()
        if amount
    )
