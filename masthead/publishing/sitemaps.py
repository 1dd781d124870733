"""The sitemap: an index at /sitemap.xml naming sitemap pages of bounded size.

One sitemap of every page grew with the archive (1.7 s at ten thousand
articles). Each sitemap page now lists the live pages whose ids fall in one
block of PAGES_PER_SITEMAP ids, read by primary-key range: a request reads
at most that many rows however large the site, and the index costs one
lookup of the highest page id. A block whose pages were all deleted or are
drafts is an empty, valid sitemap.
"""

import dataclasses
import math
from functools import cached_property

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.models import Page

from .restrictions import public_only
from .site_address import public_url

PAGES_PER_SITEMAP = 100
SECTION = "pages"


class PageSitemap(Sitemap):
    """Wagtail's sitemap of the site's live public pages, in id blocks."""

    limit = PAGES_PER_SITEMAP

    def items(self) -> QuerySet:
        # Wagtail's own list, with private sections left out by public_only:
        # its public() read every page on SQLite to find none restricted.
        site = self.get_wagtail_site()
        descendants = site.root_page.get_descendants(inclusive=True).live()
        return public_only(descendants).order_by("path").defer_streamfields().specific()

    @cached_property
    def paginator(self) -> Paginator:
        return _IdBlocks(self.items(), self.limit)

    def get_latest_lastmod(self):
        # Django's default reads every page for the index's dates; each
        # sitemap page carries its own pages' dates instead.
        return None

    def _urls(self, page, protocol, domain):
        # Wagtail names each page under the Site record's address; search
        # engines are given BASE_URL's, as in the pages' canonical links.
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            url_info["location"] = public_url(url_info["location"])
        return urls


def sitemap_index(request, **kwargs):
    """The sitemap index, naming its sitemap pages under BASE_URL's address."""
    response = wagtail_sitemap_views.index(request, **kwargs)
    response.context_data["sitemaps"] = [
        dataclasses.replace(item, location=public_url(item.location))
        for item in response.context_data["sitemaps"]
    ]
    return response


def sitemap_path_for(page: Page) -> str:
    """The address of the sitemap page that lists `page`."""
    block = (page.pk - 1) // PAGES_PER_SITEMAP + 1
    path = reverse("sitemap-section", kwargs={"section": SECTION})
    return path if block == 1 else f"{path}?p={block}"


SITEMAPS = {SECTION: PageSitemap}


class _IdBlocks(Paginator):
    """Django's paginator as the sitemap views use it, by page-id blocks: page
    N holds the pages with ids from (N - 1) * per_page + 1 to N * per_page."""

    @cached_property
    def num_pages(self) -> int:
        highest = Page.objects.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, math.ceil(highest / self.per_page))

    @cached_property
    def count(self) -> int:
        return self.num_pages * self.per_page

    def page(self, number) -> PaginatorPage:
        number = self.validate_number(number)
        first = (number - 1) * self.per_page + 1
        pages: QuerySet = self.object_list.filter(
            pk__gte=first, pk__lt=first + self.per_page
        )
        return self._get_page(pages, number, self)
