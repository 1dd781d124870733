"""Gzip for the pages every anonymous reader shares, and for nothing else.

A 1,000-comment discussion page is about 540 KB of HTML and about 32 KB
gzipped. The page cache compresses each page once, when it stores it, keeps
only the gzipped bytes, and hands them to every client that accepts gzip
(nearly all); the rare one that does not gets them unpacked.

BREACH: an attacker who can make a victim's browser request a page many
times, with text of their choosing reflected in it, can read a secret in the
same page from the compressed sizes. So the only responses compressed here
are those the page cache would share (no session or other personal cookie,
a GET outside the admin and the discussion's form pages), and of those only
the ones that set no cookie and never used the CSRF token: they carry no
secret to find. Pages drawn for one reader (a signed-in reader's, with a
CSRF token, their name and their search words) always go out uncompressed,
and the shipped nginx site leaves them so (deploy/nginx-masthead.conf).
"""

import gzip
import re

from django.utils.cache import patch_vary_headers

# Below this size gzip saves less than the header costs.
MIN_BYTES = 200
# Level 6 is gzip's own default: most of level 9's saving at a fraction of its
# time, and it is paid once per stored page rather than per reader.
LEVEL = 6
COMPRESSED_TYPES = (
    "text/html",
    "text/plain",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
)
_GZIP_REFUSED = re.compile(r"\bgzip\s*;\s*q\s*=\s*0(\.0*)?\s*(,|$)")
_GZIP = re.compile(r"\bgzip\b")


def accepts_gzip(request) -> bool:
    """Whether the client said it takes gzip (and did not refuse it with q=0)."""
    accepted = request.headers.get("Accept-Encoding", "").lower()
    return bool(_GZIP.search(accepted)) and not _GZIP_REFUSED.search(accepted)


def gzipped(content: bytes) -> bytes:
    # mtime=0: the same page always gives the same bytes.
    return gzip.compress(content, compresslevel=LEVEL, mtime=0)


def unzipped(content: bytes) -> bytes:
    return gzip.decompress(content)


def is_safe_to_share_compressed(request, response) -> bool:
    """A shared page's response that carries no secret: no cookie set, no CSRF
    token drawn into it, nothing streamed. The caller has already checked
    that the request is one the page cache would share."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and not response.has_header("Content-Encoding")
        and response.get("Content-Type", "").split(";")[0] in COMPRESSED_TYPES
        and len(response.content) >= MIN_BYTES
    )


def send_compressed(response, content: bytes) -> None:
    """Make `response` carry the gzipped `content` instead of its own body."""
    response.content = content
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(content))


def mark_encoding_varies(response) -> None:
    # Caches in front must keep the gzipped and plain answers apart.
    patch_vary_headers(response, ["Accept-Encoding"])
