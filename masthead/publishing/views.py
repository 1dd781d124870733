"""Reader-facing views that are not Wagtail pages: tags and search."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from taggit.models import Tag

from masthead.untrusted_text import clean_line

from .listings import articles_tagged, with_trails
from .search import search_articles


def tag_listing(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(request, "publishing/tag_page.html", articles_tagged(tag), tag=tag)


def search(request):
    query = clean_line(request.GET.get("q"), max_length=200)
    return _listing(
        request, "publishing/search.html", search_articles(query), query=query
    )


def _listing(request, template: str, articles, **context):
    """Render one page of `articles`, each with its section trail."""
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context.update(
        articles=with_trails(page.object_list, request), page_of_articles=page
    )
    return render(request, template, context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links to: send them the
    hashed static file (looked up per request: the static manifest may not
    exist yet when the URLs are first imported)."""
    return redirect(static("icons/favicon.ico"), permanent=True)
