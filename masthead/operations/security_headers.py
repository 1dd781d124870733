"""Content-Security-Policy for the public site, and a looser one for the admins.

Public pages load scripts and styles only from /static/ (JSON-LD blocks are
data, not scripts, and CSP leaves them alone), so the strict policy costs
nothing and stops injected scripts. The Wagtail and Django admins use inline
scripts and styles, so they get a policy that still forbids framing by other
sites, plugins and <base> tricks, but allows inline code.
"""

from urllib.parse import urlsplit

from django.core.files.storage import default_storage


def public_policy(*, media_origin: str = "") -> str:
    """The strict policy, letting images also come from `media_origin` if any."""
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src 'self' data: {media_origin}".rstrip(),
            # The article's video player is loaded on click from these hosts
            # (masthead/static/js/video.js).
            "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
            "frame-ancestors 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


PUBLIC_POLICY = public_policy()
ADMIN_POLICY = "; ".join(
    ["frame-ancestors 'self'", "object-src 'none'", "base-uri 'self'"]
)
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def media_origin() -> str:
    """Where uploaded images are served from, when that is not this site.

    "" for files on this server's disk (/media/); the bucket's or CDN's origin
    when uploads live in object storage (operations/media_storage.py). Asked of
    the storage itself, which builds URLs without a network request.
    """
    parts = urlsplit(default_storage.url("images/probe.jpg"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every response that has not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Worked out once per process: storage settings do not change while
        # it runs.
        self.public_policy = public_policy(media_origin=media_origin())

    def __call__(self, request):
        response = self.get_response(request)
        policy = (
            ADMIN_POLICY
            if request.path.startswith(ADMIN_PREFIXES)
            else self.public_policy
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
