"""Which article a Disqus thread belongs to: by old address or WordPress id.

A thread's link is often not the post's permalink but another address the old
site answered for it: `/?p=123`, `?page_id=`, an attachment page, the post's
`amp/` copy. The WordPress import made a redirect for each of those, so the
redirects it left are the table of old addresses a thread is looked up in.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urlsplit

from django.conf import settings
from wagtail.contrib.redirects.models import Redirect

from masthead.publishing.models import ArticlePage, HomePage

from .old_suffixes import permalink_without_ending

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
    parts = _split(link)
    host = _host(link)
    if not host:
        return ""
    path = unquote(parts.path)
    for index_page in _INDEX_PAGES:
        if path.lower().endswith(index_page):
            path = path[: -len(index_page)]
    query = _page_query(parts.query)
    return f"{host}{path.rstrip('/')}{query}"


def old_path_of(link: str) -> str:
    """The link's path and page-naming query as the import's redirects store it."""
    parts = _split(link)
    return Redirect.normalise_path(parts.path + _page_query(parts.query))


def _host(link: str) -> str:
    return _split(link).netloc.lower().removeprefix("www.")


def _split(link: str) -> SplitResult:
    """The link's parts; a link no parser can read ("http://[x/") has none."""
    try:
        return urlsplit(link.strip())
    except ValueError:
        return SplitResult("", "", "", "", "")


def _page_query(query: str) -> str:
    """ "?name=value…" without tracking parameters, sorted; "" if none is left."""
    kept = sorted(
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not name.lower().startswith("utm")
        and name.lower() not in _TRACKING_PARAMETERS
    )
    return f"?{urlencode(kept)}" if kept else ""


@dataclass
class ArticleMatcher:
    by_link: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    # Old path ("/?p=12", "/2020/05/story") -> the article its redirect leads to.
    by_old_path: dict[str, int] = field(default_factory=dict)
    # The hosts the articles' old addresses were on: an old path counts only
    # on them, as `/?p=12` on another site is another post.
    old_hosts: set[str] = field(default_factory=set)

    @classmethod
    def for_site(cls) -> "ArticleMatcher":
        """Index every article's old address, source, own address and the
        redirects leading to it (two queries)."""
        matcher = cls()
        home = HomePage.objects.first()
        own_host = urlsplit(settings.BASE_URL).netloc
        rows = ArticlePage.objects.values_list("pk", "source", "source_url", "url_path")
        for pk, source, source_url, url_path in rows:
            matcher.learn(pk, source=source, link=source_url)
            if source_url and _host(source_url):
                matcher.old_hosts.add(_host(source_url))
            if home is not None and url_path.startswith(home.url_path):
                path = "/" + url_path.removeprefix(home.url_path)
                matcher.learn(pk, link=f"//{own_host}{path}")
        redirects = Redirect.objects.filter(
            redirect_page__in=ArticlePage.objects.values("pk")
        ).values_list("old_path", "redirect_page_id")
        for old_path, article_id in redirects:
            matcher.by_old_path.setdefault(old_path, article_id)
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
        redirected = self._redirected(link) if link else None
        if redirected is not None:
            return redirected
        return self.by_source.get(f"disqus-thread:{thread_id}")

    def _redirected(self, link: str) -> int | None:
        """The article an old link of the old site is redirected to, if any:
        the link itself, or its permalink when it ends in `amp/`, `feed/`…"""
        if _host(link) not in self.old_hosts:
            return None
        # A draft has no redirect, yet its `?p=ID` names it all the same.
        query = dict(parse_qsl(_split(link).query))
        for parameter in ("p", "page_id"):
            article_id = self.by_source.get(f"wordpress:{query.get(parameter)}")
            if query.get(parameter, "").isdigit() and article_id is not None:
                return article_id
        old_path = old_path_of(link)
        if old_path in self.by_old_path:
            return self.by_old_path[old_path]
        permalink = permalink_without_ending(_split(link).path)
        return self.by_old_path.get(old_path_of(permalink)) if permalink else None
