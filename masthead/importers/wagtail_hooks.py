from django.http import HttpResponsePermanentRedirect
from wagtail import hooks
from wagtail.models import Site

from .old_links import redirect_for_old_id


@hooks.register("before_serve_page")
def redirect_old_wordpress_links(page, request, serve_args, serve_kwargs):
    """`/?p=123` is the home page to Wagtail; an imported link by id wins over it."""
    if not request.GET:
        return None
    target = redirect_for_old_id(
        site=Site.find_for_request(request), path=request.path, query=request.GET
    )
    return HttpResponsePermanentRedirect(target) if target else None
