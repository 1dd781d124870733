"""Search over published articles (Wagtail search: full text on PostgreSQL)."""

from .listings import published_articles

# Wagtail's SQLite backend wraps each word in double quotes for the full-text
# index without escaping quotes inside it, so a reader's `"hello` ended the
# request in a syntax error. Quotes change nothing on PostgreSQL either: the
# query is plain words, all of which must match.
_NOT_PART_OF_A_WORD = str.maketrans({'"': " "})


def search_articles(query: str):
    """Articles matching the reader's words, best first; none for an empty query.

    `query` is text cleaned by `clean_line` (no control characters).
    """
    words = query.translate(_NOT_PART_OF_A_WORD).strip()
    if not words:
        return []
    articles = published_articles().order_by()
    return list(articles.search(words, operator="and"))
