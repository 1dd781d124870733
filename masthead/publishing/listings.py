"""Reads that feed the listing pages, each at a fixed number of queries."""

from collections.abc import Sequence

from django.db.models import Prefetch, Q, QuerySet
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page

from .models import ArticlePage, SectionPage
from .restrictions import public_only


def published_articles() -> QuerySet[ArticlePage]:
    """Articles a reader may see: live, not behind a privacy setting."""
    return (
        public_only(ArticlePage.objects.live())
        .select_related("lead_image")
        .prefetch_related("also_filed_in", _card_renditions())
        .order_by("-first_published_at", "-pk")
    )


# The sizes the listing cards offer (a phone's and a wide screen's, as srcset
# in includes/article_card.html); prefetching them saves a query per card.
CARD_IMAGE_SPECS = ("fill-480x270", "fill-960x540")


def _card_renditions() -> Prefetch:
    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(filter_spec__in=CARD_IMAGE_SPECS)
    )
    return Prefetch("lead_image__renditions", queryset=renditions)


def latest_articles() -> QuerySet[ArticlePage]:
    return published_articles()


def articles_in_section(section: SectionPage) -> QuerySet[ArticlePage]:
    """The section's own articles and those filed in it from elsewhere."""
    filed_here = Q(path__startswith=section.path, depth=section.depth + 1) | Q(
        also_filed_in=section
    )
    return published_articles().filter(filed_here).distinct()


def articles_tagged(tag: Tag) -> QuerySet[ArticlePage]:
    return published_articles().filter(tags=tag)


def live_sections(request=None) -> list[SectionPage]:
    """Every live, public section in menu order.

    Read once per request: the header's menu and the articles' trails both
    need them, and a page shows both.
    """
    sections = getattr(request, "_live_sections", None)
    if sections is None:
        sections = list(public_only(SectionPage.objects.live()).order_by("path"))
        if request is not None:
            request._live_sections = sections
    return sections


def with_trails(articles: Sequence[ArticlePage], request=None) -> Sequence[ArticlePage]:
    """Give each article `section_trail`: its own section, then the others.

    One read of the sections, whatever the number of articles: the main
    section is found from the article's tree path instead of a query each.
    """
    articles = list(articles)
    if not articles:
        return articles
    sections_by_path = {section.path: section for section in live_sections(request)}
    for article in articles:
        main = sections_by_path.get(article.path[: -Page.steplen])
        others = [
            section
            for section in article.also_filed_in.all()
            if section.live and section.pk != getattr(main, "pk", None)
        ]
        article.section_trail = ([main] if main else []) + others
    return articles
