"""An imported article's rows, written in about a dozen queries instead of forty.

Wagtail's add_child, Page.save and publishing each reread the tree and check
every foreign key and unique field against the database: about 40 queries an
article, most of an archive import's time. The importer knows each article's
section and has built every value it writes, so this module writes the same
rows itself: the tree position from a counter kept per section, the page with
its tags and filing, then the live revision and its log entries. What it
leaves is what add_child and Wagtail's publish leave: the tests check the tree
with Page.find_problems() and edit and publish an imported article in the
admin.

The counters and slugs are read once per section and run: pages added to the
same section by someone else during an import are not seen (add_child has the
same race, for a moment instead of a run), and a clash stops at the unique
path as an IntegrityError with nothing of that article saved.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published

from masthead.publishing.models import ArticlePage, ArticlePageTag, SectionPage

# Keys set from rows just read or made in this run; checking that each exists,
# as full_clean does, would cost a query apiece.
KEYS_TRUSTED = [
    field.name for field in ArticlePage._meta.concrete_fields if field.is_relation
]


@dataclass
class SectionPlaces:
    """Where the next article goes under each section, and the slugs taken there."""

    last_steps: dict[int, int] = field(default_factory=dict)
    slugs: dict[int, set[str]] = field(default_factory=dict)
    urls: dict[int, str] = field(default_factory=dict)

    def place(self, article: ArticlePage, *, section: SectionPage) -> None:
        """Give the unsaved article a free slug, and the tree position and URL
        path of the section's next child."""
        if section.pk not in self.slugs:
            self._read(section)
        slugs = self.slugs[section.pk]
        article.slug = _available_slug(article.slug, slugs)
        slugs.add(article.slug)
        step = self.last_steps[section.pk] + 1
        if step >= len(Page.alphabet) ** Page.steplen:
            raise PathOverflow(f"No room for another page under {section.url_path}")
        self.last_steps[section.pk] = step
        article.depth = section.depth + 1
        article.path = Page._get_path(section.path, article.depth, step)
        article.url_path = f"{section.url_path}{article.slug}/"
        article.locale_id = section.locale_id
        article.draft_title = article.title

    def url_of(self, article: ArticlePage, *, section: SectionPage) -> str:
        """The article's address, worked out from its section's: get_url would
        read the site's root paths from the cache for every article."""
        if section.pk not in self.urls:
            self.urls[section.pk] = section.get_url() or ""
        section_url = self.urls[section.pk]
        if not section_url.endswith("/"):
            return article.get_url() or ""
        return f"{section_url}{article.slug}/"

    def _read(self, section: SectionPage) -> None:
        children = Page.objects.filter(
            path__startswith=section.path, depth=section.depth + 1
        ).values_list("path", "slug")
        self.slugs[section.pk] = set()
        self.last_steps[section.pk] = 0
        for path, slug in children.iterator():
            self.slugs[section.pk].add(slug)
            step = Page._str2int(path[-Page.steplen :])
            self.last_steps[section.pk] = max(self.last_steps[section.pk], step)


@dataclass
class TagNames:
    """Taggit's tags by name, read or made once per import."""

    tags: dict[str, Tag] = field(default_factory=dict)

    def tags_for(self, names: list[str]) -> list[Tag]:
        missing = [name for name in names if name not in self.tags]
        if missing:
            for tag in Tag.objects.filter(name__in=missing):
                self.tags[tag.name] = tag
            for name in missing:
                if name not in self.tags:
                    # Taggit's save finds the tag a slug no other tag has.
                    self.tags[name] = Tag.objects.create(name=name)
        return [self.tags[name] for name in names]


def insert_article(article: ArticlePage, *, section: SectionPage) -> None:
    """Save the placed article (see SectionPlaces) as the section's last child,
    with its tags and other sections.

    Its fields are validated as Page.save validates a live page, except the
    checks that need the database (keys, unique path and slug), which the
    caller's counters and the unique index answer. Raises ValidationError.
    """
    article.clean_fields(exclude=KEYS_TRUSTED)
    # Comments on a new page are none: say so rather than have them looked up.
    article.wagtail_admin_comments = []
    # The page and article rows only; the filing is written below, in bulk.
    article.save_base()
    Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + 1)
    section.numchild += 1
    tagged = list(article.tagged_items.all())
    for item in tagged:
        item.content_object = article
    ArticlePageTag.objects.bulk_create(tagged)
    filed = ArticlePage._meta.get_field("also_filed_in").remote_field.through
    filed.objects.bulk_create(
        filed(articlepage_id=article.pk, sectionpage_id=other.pk)
        for other in article.also_filed_in.all()
    )


def record_publication(article: ArticlePage) -> Revision:
    """Give an article inserted live its revision, log entries and signals.

    What creating a page and publishing it in Wagtail would leave, without
    saving or validating the page again.
    """
    revision = Revision.objects.create(
        content_object=article,
        base_content_type=article.get_base_content_type(),
        content=article.serializable_data(),
        object_str=str(article),
    )
    article.latest_revision = article.live_revision = revision
    article.latest_revision_created_at = revision.created_at
    Page.objects.filter(pk=article.pk).update(
        latest_revision=revision,
        live_revision=revision,
        latest_revision_created_at=revision.created_at,
    )
    PageLogEntry.objects.bulk_create(
        [
            _log_entry(article, "wagtail.create"),
            _log_entry(article, "wagtail.publish", revision=revision),
        ]
    )
    for signal in (page_published, published):
        signal.send(sender=ArticlePage, instance=article, revision=revision)
    return revision


def _log_entry(
    article: ArticlePage, action: str, *, revision: Revision | None = None
) -> PageLogEntry:
    """The entry Wagtail's log() would write; bulk-created, so not checked again."""
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(
            article, for_concrete_model=False
        ),
        label=str(article),
        action=action,
        timestamp=timezone.now(),
        data={},
        uuid=get_active_log_context().uuid,
        revision=revision,
        content_changed=True,
        page=article,
    )


def _available_slug(requested: str, taken: set[str]) -> str:
    """As Wagtail's find_available_slug: "slug", then "slug-1", "slug-2"..."""
    slug, number = requested, 1
    while slug in taken:
        slug = f"{requested}-{number}"
        number += 1
    return slug
