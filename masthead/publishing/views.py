"""Reader-facing views that are not Wagtail pages: tags and search."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from .listings import articles_tagged, with_trails
from .search import search_articles


def tag_listing(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = Paginator(articles_tagged(tag), settings.ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "publishing/tag_page.html",
        {
            "tag": tag,
            "articles": with_trails(page.object_list),
            "page_of_articles": page,
        },
    )


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(search_articles(query), settings.ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "publishing/search.html",
        {
            "query": query,
            "articles": with_trails(page.object_list),
            "page_of_articles": page,
        },
    )
