"""Which article a Disqus thread belongs to: by old address or WordPress id."""

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.conf import settings

from masthead.publishing.models import ArticlePage, HomePage

# The WordPress Disqus plugin names a thread "<post id> <guid>".
_WORDPRESS_IDENTIFIER = re.compile(r"^(\d+)(?:\s|$)")


def normalise_link(link: str) -> str:
    """The part of a link that names a page: scheme, www., query, fragment and a
    trailing slash do not count."""
    parts = urlsplit(link.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{unquote(parts.path).rstrip('/')}"


@dataclass
class ArticleMatcher:
    by_link: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_site(cls) -> "ArticleMatcher":
        """Index every article's old address, source and own address (one query)."""
        matcher = cls()
        home = HomePage.objects.first()
        own_host = urlsplit(settings.BASE_URL).netloc
        rows = ArticlePage.objects.values_list("pk", "source", "source_url", "url_path")
        for pk, source, source_url, url_path in rows:
            if source:
                matcher.by_source[source] = pk
            if source_url:
                matcher.by_link.setdefault(normalise_link(source_url), pk)
            if home is not None and url_path.startswith(home.url_path):
                path = "/" + url_path.removeprefix(home.url_path)
                matcher.by_link.setdefault(normalise_link(f"//{own_host}{path}"), pk)
        return matcher

    def article_for(self, *, link: str, identifier: str, thread_id: str) -> int | None:
        found = _WORDPRESS_IDENTIFIER.match(identifier)
        if found and f"wordpress:{found.group(1)}" in self.by_source:
            return self.by_source[f"wordpress:{found.group(1)}"]
        if link and normalise_link(link) in self.by_link:
            return self.by_link[normalise_link(link)]
        return self.by_source.get(f"disqus-thread:{thread_id}")
