"""Every article's public address, worked out in one query for exports."""

from django.conf import settings

from masthead.publishing.models import ArticlePage, HomePage


def article_addresses() -> dict[int, str]:
    """Article id -> absolute URL under BASE_URL (the site's one home page)."""
    home = HomePage.objects.first()
    if home is None:
        return {}
    rows = ArticlePage.objects.values_list("pk", "url_path")
    return {
        pk: settings.BASE_URL + "/" + url_path.removeprefix(home.url_path)
        for pk, url_path in rows
        if url_path.startswith(home.url_path)
    }
