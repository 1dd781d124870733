"""The pages readers read: the home page, sections and articles."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import redirect
from django.urls import Resolver404
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from masthead.moderation.models import Mode
from masthead.page_cache import depend_on, page_key

from .blocks import ArticleBodyBlock


class HomePage(Page):
    """The front page: the latest articles from every section."""

    intro = models.CharField(max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["publishing.SectionPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .listings import latest_articles, with_trails

        context = super().get_context(request, *args, **kwargs)
        page = Paginator(latest_articles(), settings.ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["articles"] = with_trails(page.object_list, request)
        context["page_of_articles"] = page
        return context

    def route(self, request, path_components):
        # Nearly every request is for /<section>/<article>/: one query finds
        # the article where Wagtail's walk down the tree takes four.
        article = self._article_at(path_components)
        if article is not None:
            return article.route(request, [])
        return super().route(request, path_components)

    def _article_at(self, path_components) -> "ArticlePage | None":
        if len(path_components) != 2:
            return None
        section_slug, slug = path_components
        try:
            # A section's own addresses (its feeds) come before its articles.
            SectionPage.get_resolver().resolve(f"/{slug}/")
            return None
        except Resolver404:
            pass
        address = f"{self.url_path}{section_slug}/{slug}/"
        candidates = ArticlePage.objects.filter(
            depth=self.depth + 2, slug=slug, path__startswith=self.path
        )
        return next((page for page in candidates if page.url_path == address), None)


class SectionPage(RoutablePageMixin, Page):
    """A section of the outlet ("conflict zones", "latest"), listing its articles."""

    intro = models.TextField(blank=True)
    comment_moderation = models.CharField(
        max_length=12,
        blank=True,
        choices=[("", "Follow the site's rule"), *Mode.choices],
        help_text="Override the site's moderation rule for this section's "
        "articles, e.g. hold every comment on court reports.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, FieldPanel("comment_moderation")]
    parent_page_types = ["publishing.HomePage"]
    subpage_types = ["publishing.ArticlePage"]

    @path("")
    def listing(self, request):
        from .listings import articles_in_section, with_trails

        page = Paginator(
            articles_in_section(self), settings.ARTICLES_PER_PAGE
        ).get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "articles": with_trails(page.object_list, request),
                "page_of_articles": page,
            },
        )

    @path("feed/", name="rss")
    def rss_feed(self, request):
        from .feeds import SectionRssFeed

        return SectionRssFeed()(request, section=self)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import SectionAtomFeed

        return SectionAtomFeed()(request, section=self)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "publishing.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(Page):
    """One article. It lives under its main section and may be filed in others."""

    standfirst = models.TextField(
        blank=True, help_text="One or two sentences under the headline."
    )
    byline = models.CharField(max_length=200, blank=True, help_text="e.g. By Ann Ross")
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in listings and when the article is shared.",
    )
    body = StreamField(ArticleBodyBlock(), blank=True)
    also_filed_in = ParentalManyToManyField(
        "publishing.SectionPage",
        blank=True,
        related_name="filed_articles",
        help_text="Other sections that list this article, after its own.",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    # Where an imported article came from ("wordpress:<post id>") and its old
    # address; re-running an import finds it here, and Disqus threads match it.
    source = models.CharField(max_length=120, blank=True, db_index=True)
    source_url = models.URLField(max_length=500, blank=True)
    comments_closed = models.BooleanField(
        default=False,
        help_text="Close this article's discussion whatever the site's rule.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("byline"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("also_filed_in"), FieldPanel("tags")], heading="Filing"
        ),
        *Page.promote_panels,
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("comments_closed")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("byline"),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["publishing.SectionPage"]
    subpage_types = []

    def serve(self, request, *args, **kwargs):
        from masthead.discussion.page_context import canonical_thread_address

        # Only the known reading orders make pages of their own (and copies
        # in the page cache); any other spelling goes to the page it meant.
        if address := canonical_thread_address(request, self):
            return redirect(address)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from masthead.discussion.page_context import discussion_context

        from .listings import with_trails

        # Noted before the discussion is read, so a comment approved meanwhile
        # invalidates the copy the page cache keeps of this page.
        depend_on(request, page_key(self.pk))
        context = super().get_context(request, *args, **kwargs)
        with_trails([self], request)
        self.tag_list = list(self.tags.all())
        # With the request, the site's root paths are read once for the
        # page's own address and every link in its menu.
        context["page_url"] = self.get_url(request)
        context.update(discussion_context(request, self))
        return context

    @property
    def published_at(self):
        return self.first_published_at or self.latest_revision_created_at

    @property
    def share_image(self):
        """The image for listings and link previews: the lead, else the first still."""
        if self.lead_image_id:
            return self.lead_image
        for block in self.body:
            if block.block_type == "video" and block.value["still"]:
                return block.value["still"]
            if block.block_type == "image":
                return block.value["image"]
        return None


@register_setting(icon="doc-full")
class PublishingSettings(BaseSiteSetting):
    comments_disclaimer = models.TextField(
        default=(
            "Please note the opinions expressed in the comments do not necessarily "
            "reflect those of the editors or of the publication as a whole."
        ),
        help_text="Shown under every article's discussion.",
    )
    tagline = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("tagline"), FieldPanel("comments_disclaimer")]

    class Meta:
        verbose_name = "publishing settings"
