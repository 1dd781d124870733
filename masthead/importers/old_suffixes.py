"""The addresses WordPress hangs under every permalink keep working too.

Under `/2020/05/harbour/` WordPress also answered `feed/` (the post's comments
feed, and `feed/atom/`, `feed/rss2/`…), `amp/` (the AMP plugin's copy),
`comment-page-2/` (a page of its comments), `embed/`, `trackback/` and `2/`
(page 2 of a post split with `<!--nextpage-->`, shown whole here). One
redirect row per variant would multiply the table by six; instead, an
address that ends in one of them, and that nothing here answers, is looked up
without its ending among the redirects the import made, in one query.
`?amp=1` needs nothing: Wagtail already retries a redirect without its query.
"""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

from masthead.publishing.models import ArticlePage

_FEED, _COMMENTS, _PAGE = "feed", "comments", "page"
_ENDINGS = re.compile(
    r"^(?P<permalink>/.+?)/(?:"
    r"(?P<feed>(?:feed/)?(?:feed|rdf|rss|rss2|atom)|feed)"
    r"|(?P<comments>comment-page-[0-9]{1,9})"
    r"|(?P<page>amp|embed|trackback)"
    r"|(?P<number>[0-9]{1,9})"
    r")/?$"
)


def permalink_without_ending(path: str) -> str | None:
    """`path` without its feed, AMP, comment-page, embed or page-N ending;
    None when it has none."""
    ending = _ENDINGS.match(path)
    return ending["permalink"] if ending else None


def redirect_for_old_ending(request, path: str) -> str | None:
    """Where an old permalink's feed, AMP, comment-page, embed or page-N address leads.

    `path` is the request's path, percent-encoded as received. An article's
    feed leads to its comments feed, a page of its comments to its
    discussion; the rest to the page. None when the permalink was never
    redirected, or leads to a page that is not live.
    """
    ending = _ENDINGS.match(path)
    if ending is None:
        return None
    permalink = Redirect.normalise_path(ending["permalink"], decode_unicode=False)
    redirect = get_redirect(request, permalink)
    page = redirect.redirect_page if redirect else None
    if redirect is None or (page is not None and not page.live):
        return None
    is_article = page is not None and issubclass(
        page.specific_class or object, ArticlePage
    )
    if ending["number"] and not is_article:
        # Only a post is split into numbered pages; `/2020/05/` is an archive.
        return None
    if not is_article:
        return redirect.link
    if ending["feed"]:
        return reverse("discussion:feed", kwargs={"article_id": page.pk})
    if ending["comments"]:
        return f"{redirect.link}#comments"
    return redirect.link


class OldAddressEndingsMiddleware:
    """Answers a 404 for an old permalink's feed or AMP address with a 301."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = request.get_full_path().partition("?")[0]
        target = redirect_for_old_ending(request, path)
        return HttpResponsePermanentRedirect(target) if target else response
