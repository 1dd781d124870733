"""Search over published articles (Wagtail search: full text on PostgreSQL)."""

from .listings import published_articles


def search_articles(query: str):
    """Articles matching the reader's words, best first; none for an empty query.

    Quotes, control characters and words past the first few dozen are left
    out by the site's search backend (search_backend.py).
    """
    if not query.strip():
        return []
    articles = published_articles().order_by()
    return list(articles.search(query, operator="and"))
