"""Imported comments as raw rows of the comment table, written a level at a time.

`bulk_create` spent more time compiling SQL than the database spent storing
rows (on SQLite it also splits a batch into 45-row statements to stay under
999 variables), so an import writes tuples with one `executemany` instead.
Columns the importer does not set get the model's defaults, read from the
model once, so a new field with a default needs no change here.
"""

from collections.abc import Iterable, Iterator
from functools import cache, partial
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Count

from masthead.discussion.models import PUBLIC, Comment, Discussion
from masthead.page_cache import refresh_cached_article
from masthead.privacy import hash_ip

from .comment_html import clean_comment_html

if TYPE_CHECKING:
    from .comments import IncomingComment

# Known when a comment is placed in its thread, in this order.
PLACED = (
    "discussion", "thread_path", "top_number", "depth", "status", "author_name",
    "author_email", "author_url", "ip_hash", "text", "text_format", "html",
    "fingerprint", "created_at", "source",
)  # fmt: skip
STATUS = PLACED.index("status")
# Known only when its batch is written: the parent's new id, and how many
# replies the file gave it by then.
LINKED = ("parent", "last_reply_number")
# SQLite's default limit on the variables in one statement.
MAX_VARIABLES = 999
# Discussions recounted together, well inside that limit.
RECOUNT_BATCH = 300
# Plain strings: database drivers need not know Django's choices types.
AS_HTML = Comment.TextFormat.HTML.value
IP_HASHES_KEPT = 20_000
AUTHOR_NAME_LENGTH = Comment._meta.get_field("author_name").max_length


class RowMaker:
    """Turns incoming comments into PLACED columns, ready for the database.

    One per import: it keeps what repeats from comment to comment.
    """

    def __init__(self) -> None:
        # Bound once: through the connection proxy it cost a lookup a comment.
        self._adapt_datetime = connection.ops.adapt_datetimefield_value
        self._ip_hashes: dict[str, str] = {}

    def row(
        self, comment: "IncomingComment", *, discussion_id: int, path: str,
        top_number: int, depth: int,
    ) -> tuple:  # fmt: skip
        return (
            discussion_id, path, top_number, depth, str(comment.status),
            comment.author_name.strip()[:AUTHOR_NAME_LENGTH] or "Anonymous",
            comment.author_email.strip()[:254],
            comment.author_url,  # checked by the writer (links.py)
            self._ip_hash(comment.ip_address), comment.text, AS_HTML,
            clean_comment_html(comment.text),
            Comment.fingerprint_of(comment.text),
            self._adapt_datetime(comment.created_at),
            comment.source,
        )  # fmt: skip

    def _ip_hash(self, ip_address: str) -> str:
        # Exports repeat addresses (one reader, many comments): hashing each
        # once saves a keyed HMAC a comment. Cleared when full, to stay bounded.
        hashed = self._ip_hashes.get(ip_address)
        if hashed is None:
            if len(self._ip_hashes) >= IP_HASHES_KEPT:
                self._ip_hashes.clear()
            hashed = self._ip_hashes[ip_address] = hash_ip(ip_address)
        return hashed


def insert_comments(rows: list[tuple]) -> None:
    """Insert rows of PLACED + LINKED columns; call inside the batch's transaction."""
    sql, defaults = _insert_statement()
    with connection.cursor() as cursor:
        cursor.executemany(sql, [row + defaults for row in rows])


def ids_by_source(sources: list[str]) -> dict[str, int]:
    """The id of every stored comment among `sources`, by source."""
    table = connection.ops.quote_name(Comment._meta.db_table)
    found = {}
    with connection.cursor() as cursor:
        for chunk in _chunks(sources, MAX_VARIABLES):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT source, id FROM {table} WHERE source IN ({marks})",  # noqa: S608
                chunk,
            )
            found.update(cursor.fetchall())
    return found


def set_reply_counters(counters: Iterable[tuple[int, int]]) -> None:
    """Store (last_reply_number, id) pairs for comments written earlier."""
    _store_numbers(Comment, "last_reply_number", counters)


def set_top_numbers(numbers: Iterable[tuple[int, int]]) -> None:
    """Store (last_top_number, id) pairs for discussions: one statement for a
    batch that spans a hundred articles, not one query each."""
    _store_numbers(Discussion, "last_top_number", numbers)


def _store_numbers(model, column: str, pairs: Iterable[tuple[int, int]]) -> None:
    """Set `column` to each pair's number on the row with each pair's id."""
    pairs = list(pairs)
    if not pairs:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
            pairs,
        )


def recount_discussions(discussion_ids: list[int]) -> None:
    """What posting's recount_comments does, for every discussion an import
    touched: two queries a batch of discussions instead of two each."""
    for start in range(0, len(discussion_ids), RECOUNT_BATCH):
        batch = discussion_ids[start : start + RECOUNT_BATCH]
        counts = dict(
            Comment.objects.filter(discussion_id__in=batch)
            .visible_to(PUBLIC)
            .values("discussion_id")
            .annotate(count=Count("pk"))
            .values_list("discussion_id", "count")
        )
        discussions = list(Discussion.objects.filter(pk__in=batch))
        for discussion in discussions:
            discussion.comment_count = counts.get(discussion.pk, 0)
            transaction.on_commit(
                partial(refresh_cached_article, discussion.article_id)
            )
        Discussion.objects.bulk_update(discussions, ["comment_count"])


@cache
def _insert_statement() -> tuple[str, tuple]:
    """The INSERT for PLACED + LINKED + defaulted columns, and those defaults."""
    fields = {field.name: field for field in Comment._meta.concrete_fields}
    defaulted = [
        field
        for name, field in fields.items()
        if name not in PLACED + LINKED and not field.primary_key
    ]
    columns = [fields[name].column for name in PLACED + LINKED]
    columns += [field.column for field in defaulted]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(Comment._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    defaults = tuple(
        field.get_db_prep_save(field.get_default(), connection) for field in defaulted
    )
    return sql, defaults


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
