"""The site's public address: BASE_URL, and Wagtail's Site record kept in step.

Wagtail builds a page's full URL from its Site record (host name and port),
which set-up used to leave at localhost:80: canonical links and the sitemap
then named http://localhost/. Set-up now copies BASE_URL into the record, a
system check warns when the two part, and the addresses search engines read
are built from BASE_URL itself, because the record cannot say https on a port
other than 443.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def address_of(base_url: str) -> tuple[str, int]:
    """The host name and port a Site record needs to answer at `base_url`."""
    parts = urlsplit(base_url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 80)
    return (parts.hostname or "localhost", port)


def public_url(url: str) -> str:
    """`url` (a path, or a full URL under any host) at BASE_URL's address."""
    parts = urlsplit(url)
    return settings.BASE_URL + urlunsplit(("", "", parts.path, parts.query, ""))


def match_site_to_base_url() -> bool:
    """Give the default Site record BASE_URL's host and port; True if it changed.

    Does nothing when there is no default Site yet (before the home page exists).
    """
    site = Site.objects.filter(is_default_site=True).first()
    hostname, port = address_of(settings.BASE_URL)
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    # update() rather than save(): Wagtail's save signal clears its cache of
    # site addresses, and on a first migrate the cache table is not made yet.
    Site.objects.filter(pk=site.pk).update(hostname=hostname, port=port)
    try:
        Site.clear_site_root_paths_cache()
    except DatabaseError:
        pass  # no cache table yet, so nothing cached to clear
    return True


def match_site_after_migrate(**signal_details) -> None:
    # A flush (between transactional tests) also ends in post_migrate, with
    # no Site left to change: match_site_to_base_url then does nothing.
    match_site_to_base_url()


@checks.register(checks.Tags.urls)
def check_site_follows_base_url(app_configs=None, **kwargs) -> list:
    """Warn when the default Site record answers at another address than BASE_URL.

    Not tagged as a database check, so that runserver shows it too; a database
    that is missing or not migrated yet is not this check's business.
    """
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []
    hostname, port = address_of(settings.BASE_URL)
    if site is None or (site.hostname, site.port) == (hostname, port):
        return []
    return [
        checks.Warning(
            f"The default Site record says {site.hostname}:{site.port}, but "
            f"BASE_URL is {settings.BASE_URL}.",
            hint="Run `python manage.py migrate`, which copies BASE_URL into the "
            "Site record, or correct BASE_URL.",
            id="publishing.W001",
        )
    ]
