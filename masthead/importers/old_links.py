"""WordPress's links by id (`/?p=123`, `?page_id=`, `?attachment_id=`) keep working.

WordPress answers `?p=ID` on every site whatever its permalinks, so such links
sit in old newsletters, search results and other sites' articles. Each one
becomes a Wagtail redirect to the imported article, editable in the admin like
the permalink redirects. Wagtail only consults redirects for addresses that
answer 404, and `/?p=123` is the home page, so `redirect_for_old_id` is also
asked before a page is served (see wagtail_hooks.py).
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.http import QueryDict
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from .wxr import WxrPost

# The query parameter WordPress reads an id of each kind of item from.
ID_PARAMETERS = {
    "post": ("p",),
    "page": ("page_id", "p"),
    # WordPress answers `?p=ID` for an attachment too, with its attachment page.
    "attachment": ("attachment_id", "p"),
}
_ID = re.compile(r"[0-9]{1,19}")
# Old paths looked up in one query; SQLite allows a few hundred parameters.
BATCH = 250


def redirect_old_ids(*, post: WxrPost, article_id: int) -> list[str]:
    """Point the post's `?p=ID`-style links at the article; return their old paths."""
    return redirect_old_paths(old_id_paths(post), page_id=article_id)


def old_id_paths(post: WxrPost) -> list[str]:
    """The post's `?p=ID`-style links, as redirects store their old paths.

    The links are made at the root, and also under the old blog's folder when
    its guid tells it ("https://old.example/blog/?p=12" gives "/blog/?p=12").
    """
    return [
        Redirect.normalise_path(f"{folder}{script}?{parameter}={post.post_id}")
        for folder in _blog_folders(post)
        # WordPress answers the same link through its script: /index.php?p=12.
        for script in ("", "index.php")
        for parameter in ID_PARAMETERS.get(post.post_type, ())
    ]


def redirect_old_paths(old_paths: list[str], *, page_id: int) -> list[str]:
    """Make each old path redirect permanently to the page, on every site.

    A redirect already made for a path is repointed rather than doubled. One
    query finds them all: an archive import makes three for every article.
    """
    found = Redirect.objects.filter(site=None, old_path__in=old_paths)
    existing = set(found.values_list("old_path", flat=True))
    found.update(redirect_page_id=page_id, is_permanent=True)
    Redirect.objects.bulk_create(
        Redirect(old_path=old_path, site=None, redirect_page_id=page_id,
                 is_permanent=True)
        for old_path in dict.fromkeys(old_paths)
        if old_path not in existing
    )  # fmt: skip
    return old_paths


def redirect_each_to_its_page(page_ids: dict[str, int]) -> None:
    """As redirect_old_paths, for many pages at once: old path -> page id.

    Three queries a batch of paths instead of three a page: an archive has an
    attachment, with its `?attachment_id=` link, for every picture.
    """
    paths = list(page_ids)
    for start in range(0, len(paths), BATCH):
        batch = paths[start : start + BATCH]
        found = list(Redirect.objects.filter(site=None, old_path__in=batch))
        for redirect in found:
            redirect.redirect_page_id = page_ids[redirect.old_path]
            redirect.is_permanent = True
        Redirect.objects.bulk_update(found, ["redirect_page", "is_permanent"])
        existing = {redirect.old_path for redirect in found}
        Redirect.objects.bulk_create(
            Redirect(old_path=old_path, site=None, redirect_page_id=page_ids[old_path],
                     is_permanent=True)
            for old_path in batch
            if old_path not in existing
        )  # fmt: skip


def redirect_for_old_id(
    *, site: Site | None, path: str, query: QueryDict
) -> str | None:
    """Where a request for an old `?p=ID`-style link should go, or None.

    Only imported redirects to live pages count: an unknown id, a draft or a
    malformed id is served as if the parameter were not there.
    """
    for parameter in ("p", "page_id", "attachment_id"):
        value = query.get(parameter, "")
        if not _ID.fullmatch(value):
            continue
        old_path = Redirect.normalise_path(f"{path}?{parameter}={value}")
        redirects = Redirect.get_for_site(site).filter(
            old_path=old_path, redirect_page__live=True
        )
        # A redirect made for this site wins over one made for every site.
        found = sorted(redirects, key=lambda each: each.site_id is None)
        if found:
            return found[0].link
    return None


def _blog_folders(post: WxrPost) -> list[str]:
    """The root, and the folder of a guid like "https://old.example/blog/?p=12".

    A guid keeps the address the post was first written at, which can be
    another site the archive passed through: it counts only on the same host.
    """
    guid, link = urlsplit(post.guid), urlsplit(post.link)
    query = parse_qs(guid.query)
    is_id_link = any(
        _ID.fullmatch(query.get(name, [""])[0]) for name in ("p", "page_id")
    )
    if is_id_link and guid.netloc == link.netloc and guid.path not in ("", "/"):
        return ["/", guid.path]
    return ["/"]
