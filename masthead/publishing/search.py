"""Search over published articles (Wagtail search: full text on PostgreSQL)."""

from .listings import published_articles


def search_articles(query: str):
    """Articles matching the reader's words, best first; none for an empty query."""
    if not query:
        return []
    articles = published_articles().order_by()
    return list(articles.search(query, operator="and"))
