"""Content-Security-Policy for the public site, and a looser one for the admins.

Public pages load scripts and styles only from /static/ (JSON-LD blocks are
data, not scripts, and CSP leaves them alone), so the strict policy costs
nothing and stops injected scripts. The Wagtail and Django admins use inline
scripts and styles, so they get a policy that still forbids framing by other
sites, plugins and <base> tricks, but allows inline code.
"""

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        # The article's video player is loaded on click from these hosts
        # (masthead/static/js/video.js).
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
ADMIN_POLICY = "; ".join(
    ["frame-ancestors 'self'", "object-src 'none'", "base-uri 'self'"]
)
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def policy_for(path: str) -> str:
    """The Content-Security-Policy for a request path."""
    return ADMIN_POLICY if path.startswith(ADMIN_PREFIXES) else PUBLIC_POLICY


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every response that has not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy_for(request.path))
        return response
