"""One line of text from a request, made safe to hand to any database.

Readers' search, the moderators' queue filters and the few fields read
without a Django form (a ban's reason) take free text straight from the
request. PostgreSQL refuses a NUL character in a query parameter, and
SQLite's full-text parser stops reading at one, so a stray %00 used to end
the request in a server error. Every such door cleans its text here.
"""

import unicodedata

# Control characters (NUL, escape, line breaks...) and lone surrogates mean
# nothing in one line of text; a space keeps the words either side apart.
_DROPPED_CATEGORIES = {"Cc", "Cs"}


def clean_line(raw: object, *, max_length: int) -> str:
    """`raw` as one line: control characters and surrogates become spaces, runs
    of spaces one space, and it is cut to `max_length`.

    Anything but a string (a missing parameter) gives "".
    """
    if not isinstance(raw, str):
        return ""
    kept = (
        " " if unicodedata.category(character) in _DROPPED_CATEGORIES else character
        for character in raw
    )
    return " ".join("".join(kept).split())[:max_length].strip()
