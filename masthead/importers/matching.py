"""Which article a Disqus thread belongs to: by old address or WordPress id."""

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.conf import settings

from masthead.publishing.models import ArticlePage, HomePage

# The WordPress Disqus plugin names a thread "<post id> <guid>".
WORDPRESS_IDENTIFIER = re.compile(r"^(\d+)(?:\s|$)")
# Query parameters that say how a reader arrived, not which page they read.
_TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
     "twclid", "mc_cid", "mc_eid", "_ga", "_gl",
     # WordPress's reply link, its AMP view and Jetpack's share buttons
     # show the same post.
     "replytocom", "amp", "share"}
)  # fmt: skip
_INDEX_PAGES = ("/index.html", "/index.htm", "/index.php")


def normalise_link(link: str) -> str:
    """The part of a link that names a page, for comparing two links.

    The scheme, `www.`, the fragment, a trailing slash or index page and
    tracking parameters (utm_*, fbclid…) do not count; other query parameters
    do, since `?p=7` and `?p=8` are two posts. "" for a link with no host.
    """
    parts = urlsplit(link.strip())
    host = parts.netloc.lower().removeprefix("www.")
    if not host:
        return ""
    path = unquote(parts.path)
    for index_page in _INDEX_PAGES:
        if path.lower().endswith(index_page):
            path = path[: -len(index_page)]
    kept = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith("utm")
        and name.lower() not in _TRACKING_PARAMETERS
    )
    query = f"?{urlencode(kept)}" if kept else ""
    return f"{host}{path.rstrip('/')}{query}"


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
            matcher.learn(pk, source=source, link=source_url)
            if home is not None and url_path.startswith(home.url_path):
                path = "/" + url_path.removeprefix(home.url_path)
                matcher.learn(pk, link=f"//{own_host}{path}")
        return matcher

    def learn(self, article_id: int, *, source: str = "", link: str = "") -> None:
        """Remember an article's source and old address; the first article to
        claim an address keeps it."""
        if source:
            self.by_source[source] = article_id
        if link and normalise_link(link):
            self.by_link.setdefault(normalise_link(link), article_id)

    def article_for(self, *, link: str, identifier: str, thread_id: str) -> int | None:
        found = WORDPRESS_IDENTIFIER.match(identifier)
        if found and f"wordpress:{found.group(1)}" in self.by_source:
            return self.by_source[f"wordpress:{found.group(1)}"]
        if link and normalise_link(link) in self.by_link:
            return self.by_link[normalise_link(link)]
        return self.by_source.get(f"disqus-thread:{thread_id}")
