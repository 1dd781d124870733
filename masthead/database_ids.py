"""Database ids from untrusted input: URL paths, form fields, query strings.

Ids are 64-bit integers on SQLite and PostgreSQL alike. A longer number
cannot name a row, yet SQLite raises OverflowError when handed one (Django
guards some lookups, not those through a page's parent link), so such a
number is refused here, where it is read, and the request answers 404.
Importing this module registers the `<id:...>` URL converter.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


def database_id(raw: object) -> int | None:
    """The positive id `raw` spells in ASCII digits, or None if it names no row.

    `str.isdigit` alone is not enough: "²" is a digit to Python, not to `int`.
    """
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()):
        return None
    if len(raw) > len(str(MAX_ID)):
        return None
    number = int(raw)
    return number if 0 < number <= MAX_ID else None


class DatabaseIdConverter:
    """`<id:comment_id>`: like `<int:...>`, but only numbers that can be an id."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = database_id(value)
        if number is None:
            raise ValueError(f"{value} cannot be a database id.")  # no match: 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DatabaseIdConverter, "id")
