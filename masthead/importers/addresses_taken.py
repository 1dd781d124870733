"""First path segments the site's own addresses use, which a section may not take.

A WordPress category named "Search", "Feed" or "Admin" would become a section
at /search/, /feed/ or /admin/, where the site search, the site feed or the
admin answer instead: its articles could never be reached.
"""

from functools import cache

from django.conf import settings
from django.urls import URLResolver, get_resolver


@cache
def site_addresses_taken() -> frozenset[str]:
    taken = {
        segment
        for url in (settings.STATIC_URL, settings.MEDIA_URL)
        if (segment := url.strip("/").split("/")[0])
    }
    taken.update(_first_segments(get_resolver().url_patterns))
    return frozenset(taken)


def _first_segments(patterns) -> set[str]:
    """The literal first segment of each route, looking inside includes at ""."""
    segments = set()
    for pattern in patterns:
        route = str(pattern.pattern).lstrip("^")
        first = route.split("/")[0]
        if first and "<" not in first and "(" not in first:
            segments.add(first.rstrip("$"))
        elif not first and isinstance(pattern, URLResolver):
            segments |= _first_segments(pattern.url_patterns)
    return segments
