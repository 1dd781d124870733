"""Metadata for search engines and link previews: JSON-LD NewsArticle."""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

# The same escapes Django's json_script uses, so no text can close the tag.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(request, url: str) -> str:
    # Image URLs are already absolute when uploads live in a bucket.
    if request:
        return request.build_absolute_uri(url)
    return urljoin(settings.BASE_URL + "/", url)


def news_article_jsonld(article, request, image_url: str | None) -> SafeString:
    """The article as schema.org NewsArticle, ready for a ld+json script tag."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.standfirst or article.search_description,
        "mainEntityOfPage": absolute(request, article.get_url(request)),
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(article.last_published_at or article.published_at),
        "articleSection": [section.title for section in article.section_trail],
        "keywords": [tag.name for tag in getattr(article, "tag_list", [])],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if article.byline:
        data["author"] = {"@type": "Person", "name": _byline_name(article.byline)}
    if image_url:
        data["image"] = [absolute(request, image_url)]
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return mark_safe(text)  # noqa: S308 - escaped above, as json_script does


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _byline_name(byline: str) -> str:
    return byline.removeprefix("By ").removeprefix("by ").strip()
