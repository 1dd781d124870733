"""The site's search backend: Wagtail's database backend, handed only safe queries.

Every search goes through here, readers' and editors' (the Wagtail admin's
page search, choosers) alike, so two faults of the backend are kept away:

- SQLite's full-text index gets each word wrapped in double quotes, with
  quotes inside it unescaped: `"hello` was a syntax error and a server error
  (wagtail/wagtail#13227). Quotes are dropped; PostgreSQL ignores them anyway.
- The query is one nested expression per word, compiled recursively: on
  PostgreSQL some 200 words exceed Python's recursion limit (wagtail#4701).
  Only the first MAX_WORDS words of each part of a query are searched.

Control characters go as everywhere else (untrusted_text.clean_line).
"""

from functools import cache

from modelsearch.query import And, Or, Phrase, PlainText
from wagtail.search.backends import database

from masthead.untrusted_text import clean_line

MAX_WORDS = 32
_MAX_QUERY_LENGTH = 1_000


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for)
    """The database backend Wagtail picks for this database, with bounded queries."""
    vendor_backend = type(database.SearchBackend(params))
    return _bounded(vendor_backend)(params)


@cache
def _bounded(vendor_backend: type) -> type:
    class BoundedSearchBackend(vendor_backend):
        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            return super()._search(
                query_compiler_class, bounded_query(query), model_or_queryset, **kwargs
            )

    return BoundedSearchBackend


def bounded_query(query):
    """`query` (text or Wagtail query objects) with at most MAX_WORDS words in
    each part, no quotes or control characters; "" when no word is left."""
    if isinstance(query, str):
        return _words(query)
    if isinstance(query, PlainText):
        words = _words(query.query_string)
        return (
            PlainText(words, operator=query.operator, boost=query.boost)
            if words
            else ""
        )
    if isinstance(query, Phrase):
        words = _words(query.query_string)
        return Phrase(words) if words else ""
    if isinstance(query, And | Or):
        parts = [bounded_query(part) for part in query.subqueries[:MAX_WORDS]]
        parts = [part for part in parts if part]
        return type(query)(parts) if parts else ""
    return query


def _words(text: str) -> str:
    words = clean_line(text, max_length=_MAX_QUERY_LENGTH).replace('"', " ").split()
    return " ".join(words[:MAX_WORDS])
