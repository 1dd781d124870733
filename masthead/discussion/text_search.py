"""Find comments by the words in them, through the database's full-text index.

What a moderator types is split into words; a comment matches when it holds
every word, each as the start of one of its words, in any letter case:
"quay" finds "Quayside", "ferry vote" finds "the vote on the ferry". A word
inside another ("side" in "quayside") is not found: that is the price of an
index that answers in milliseconds at a million comments. Typing no word at
all (only punctuation) falls back to a plain substring scan.

The indexes are made by migration discussion 0008: FTS5 on SQLite, a GIN
index on to_tsvector('simple', text) on PostgreSQL.
"""

import re

from django.db import connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "discussion_comment_fts"
# Only the newest this many comments holding the words (by id) are looked
# through, so a word in half the comments costs no more than a rare one. It
# is the queue's count limit: no moderator pages further.
MATCH_LIMIT = 10_000
WORD = re.compile(r"\w+")
# Words past this many add little and each costs an index lookup.
MAX_WORDS = 8

_has_fts_table: dict[str, bool] = {}


def containing_words(comments: QuerySet, text: str) -> QuerySet:
    """`comments` narrowed to those holding every word of `text` (see above)."""
    words = WORD.findall(text.lower())[:MAX_WORDS]
    if not words:
        return comments.filter(text__icontains=text)
    vendor = connections[comments.db].vendor
    if vendor == "postgresql":
        return comments.filter(_postgres_match(words))
    if vendor == "sqlite" and _sqlite_has_index(comments.db):
        return comments.filter(_sqlite_match(words))
    matches = Q()
    for word in words:
        matches &= Q(text__icontains=word)
    return comments.filter(matches)


def _postgres_match(words: list[str]) -> RawSQL:
    # Each word a quoted prefix lexeme: 'it''s':* & 'ferry':*. Quoting keeps
    # the moderator's text from being read as tsquery operators.
    query = " & ".join("'{}':*".format(word.replace("'", "''")) for word in words)
    # The matching ids first, as an array with its own limit, then those
    # comments by primary key. Written as a plain filter, or as IN (...),
    # PostgreSQL hoped to meet fifty matches soon while walking the queue
    # index newest first, and read every held comment when the word was rare
    # (1.5 s at a million comments).
    return RawSQL(  # noqa: S611 (the moderator's words go in as a parameter)
        '"discussion_comment"."id" = ANY(ARRAY(SELECT id FROM discussion_comment'
        " WHERE to_tsvector('simple'::regconfig, text)"
        " @@ to_tsquery('simple'::regconfig, %s) ORDER BY id DESC LIMIT %s))",
        [query, MATCH_LIMIT],
        output_field=BooleanField(),
    )


def _sqlite_match(words: list[str]) -> RawSQL:
    # Each word a quoted FTS5 string with a prefix star: "ferry"* "vote"*.
    # Quoting keeps AND, OR, NEAR and column names from being read as syntax.
    query = " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)
    return RawSQL(  # noqa: S611 (the moderator's words go in as parameters)
        f'"discussion_comment"."id" IN (SELECT rowid FROM {FTS_TABLE}'  # noqa: S608 (a constant table name)
        f" WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s)",
        [query, MATCH_LIMIT],
        output_field=BooleanField(),
    )


def _sqlite_has_index(alias: str) -> bool:
    """Whether migration 0008 could build the FTS5 table (once per database)."""
    connection = connections[alias]
    key = f"{alias}:{connection.settings_dict['NAME']}"
    if key not in _has_fts_table:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
                [FTS_TABLE],
            )
            _has_fts_table[key] = cursor.fetchone() is not None
    return _has_fts_table[key]
