"""WordPress posts as Masthead articles, filed in sections made from categories.

Status mapping: "publish" is published and dated as the post; "future" is
scheduled (go_live_at); "draft", "pending", "private" and password-protected
posts are kept as drafts. A private post stays a draft because WordPress shows
it only to editors, and any reader can sign up here: a login restriction
would show it to the public.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from html import unescape
from urllib.parse import quote, urlsplit

import nh3
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect

from masthead.publishing.models import ArticlePage, HomePage, SectionPage

from .addresses_taken import site_addresses_taken
from .attachments import AttachmentIndex
from .html_to_blocks import ConvertedBody, convert_body
from .links import imported_link
from .media import UploadsFolder
from .old_links import (
    old_id_paths,
    redirect_each_to_its_page,
    redirect_old_paths,
)
from .page_rows import SectionPlaces, TagNames, insert_article, record_publication
from .post_html import PostRenderer
from .raw_post import independent_rendering
from .report import ArticleRow, ImportReport
from .reusable_blocks import ReusableBlocks
from .word_check import article_body_html, check_words
from .wxr import WxrPost

ARTICLE_TYPES = {"post", "page"}
PUBLISHED, SCHEDULED = "publish", "future"
DEFAULT_SECTION = ("uncategorized", "Uncategorized")
# An article's old permalink and the addresses in its body.
ARTICLE_LINK_LENGTH = ArticlePage._meta.get_field("source_url").max_length
OLD_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length
# An article's slug the section's own addresses answer instead ("feed/").
ARTICLE_SLUGS_TAKEN = {"feed"}
TAG_NAME_LENGTH = Tag._meta.get_field("name").max_length


@dataclass
class ArticleFiling:
    """Where articles go, and which WordPress posts are already here."""

    home: HomePage
    uploads: UploadsFolder
    attachments: AttachmentIndex = field(default_factory=lambda: AttachmentIndex.of([]))
    # Reusable block id -> saved content, for `wp:block` references.
    reusable_blocks: ReusableBlocks | dict = field(default_factory=dict)
    sections: dict[str, SectionPage] = field(default_factory=dict)
    imported: dict[str, int] = field(default_factory=dict)
    # Post id -> how many items of this file carried it so far.
    ids_seen: Counter = field(default_factory=Counter)
    # WordPress tag slug -> tag name, for the tags' old archive addresses.
    tag_archives: dict[str, str] = field(default_factory=dict)
    # Attachment post id -> the post it belongs to, for `?attachment_id=` links.
    attachment_parents: dict[str, str] = field(default_factory=dict)
    # Attachment post id -> the path of its attachment page, for the same reason.
    attachment_pages: dict[str, str] = field(default_factory=dict)
    # Article id -> its address, for articles created in this run.
    urls: dict[int, str] = field(default_factory=dict)
    # The imported articles that are live: only these are redirected to.
    live: set[int] = field(default_factory=set)
    places: SectionPlaces = field(default_factory=SectionPlaces)
    tag_names: TagNames = field(default_factory=TagNames)

    @classmethod
    def for_site(cls, *, home: HomePage, uploads: UploadsFolder) -> "ArticleFiling":
        rows = ArticlePage.objects.filter(source__startswith="wordpress:")
        imported, live = {}, set()
        for source, pk, is_live in rows.values_list("source", "pk", "live"):
            imported[source] = pk
            if is_live:
                live.add(pk)
        return cls(home=home, uploads=uploads, imported=imported, live=live)


def import_article(
    *, post: WxrPost, filing: ArticleFiling, report: ImportReport
) -> int | None:
    """The id of the article for `post`, created unless an earlier run made it.

    None for items that are not articles (attachments, menu items, custom types).
    """
    if post.post_type not in ARTICLE_TYPES:
        if post.post_type == "attachment" and post.parent_id != "0":
            # The first item with an id owns its links, as for posts.
            filing.attachment_parents.setdefault(post.post_id, post.parent_id)
            # Its attachment page ("/2020/05/story/photo/") is an old address too.
            old_path = _old_permalink_path(post.link, new_url="")
            if old_path and len(old_path) <= OLD_PATH_LENGTH:
                filing.attachment_pages.setdefault(post.post_id, old_path)
        report.count(f"{post.post_type} items skipped")
        return None
    if not post.post_id:
        report.problem(line=post.line, reason="post has no wp:post_id; skipped")
        return None
    source, owns_id_links = _source_of(post, filing=filing, report=report)
    if source in filing.imported:
        report_earlier_article(
            post, article_id=filing.imported[source], filing=filing, report=report,
            owns_id_links=owns_id_links,
        )  # fmt: skip
        return filing.imported[source]
    for reason in post.problems:
        report.problem(line=post.line, reason=f"post {post.post_id} {reason}")
    _report_long_tags(post, report=report)
    check_link = partial(_article_link, line=post.line, report=report)
    link = check_link(post.link, "post link")
    body = convert_body(
        post.content,
        renderer=PostRenderer(
            attachments=filing.attachments, reusable_blocks=filing.reusable_blocks
        ),
        find_image=filing.uploads.image_for,
        check_link=check_link,
        post_id=post.post_id,
        footnotes=post.footnotes,
    )
    live_since = _live_since(post)
    with transaction.atomic():
        article, section = _create_article(
            post=post, filing=filing, source=source, link=link, body=body,
            live_since=live_since,
        )  # fmt: skip
        if live_since is None:
            _save_unpublished(article, post=post)
        else:
            record_publication(article)
        new_url = filing.places.url_of(article, section=section)
        old_paths = _redirect_old_addresses(
            article, post=post, link=link, new_url=new_url, owns_id_links=owns_id_links,
            report=report,
        ) if article.live else []  # fmt: skip
    # Counted as soon as it is saved: an interrupted import reports it kept.
    report.count("articles created")
    report.count(f"articles {_status_name(post)}")
    filing.imported[source] = article.pk
    filing.urls[article.pk] = new_url
    if article.live:
        filing.live.add(article.pk)
        report.redirected(old_paths, new_url=new_url)
    else:
        _report_not_redirected(post, link=link, new_url=new_url, report=report)
    _report_body(article, post=post, link=link, new_url=new_url, body=body,
                 report=report)  # fmt: skip
    return article.pk


def report_earlier_article(
    post: WxrPost,
    *,
    article_id: int,
    filing: ArticleFiling,
    report: ImportReport,
    owns_id_links: bool,
) -> None:
    """Count and list an article an earlier run imported, as if made now.

    A re-run after an interruption must leave what a whole run leaves: the
    article's tags get their archive redirects, its old addresses lead to it
    once it is live, and the migration report lists it with its words.
    """
    report.count("articles already imported")
    filing.tag_archives.update(post.tag_slugs)
    article = ArticlePage.objects.get(pk=article_id)
    new_url = article.get_url() or ""
    if article.live:
        # Articles imported before their old links were redirected gain them now.
        report.redirected(
            _redirect_old_addresses(
                article, post=post, link=article.source_url, new_url=new_url,
                owns_id_links=owns_id_links, report=report,
            ),
            new_url=new_url,
        )  # fmt: skip
    else:
        _report_not_redirected(
            post, link=article.source_url, new_url=new_url, report=report
        )
    check = check_words(
        old_html=independent_rendering(post.content, footnotes=post.footnotes),
        new_html=article_body_html(article.body),
    )
    report.articles.append(
        ArticleRow(
            title=article.title, old_url=article.source_url, new_url=new_url,
            source_words=check.source_words, kept_words=check.kept_words,
            block_kinds=dict(Counter(block.block_type for block in article.body)),
            shortcodes={}, approximations={}, lost_passages=check.missing,
            imported_by="an earlier run",
        )
    )  # fmt: skip


def _report_not_redirected(
    post: WxrPost, *, link: str, new_url: str, report: ImportReport
) -> None:
    """List the old addresses of an article that is not live: a redirect to it
    would end on a page the reader cannot see."""
    old_path = _old_permalink_path(link, new_url=new_url)
    old_paths = ([old_path] if old_path else []) + old_id_paths(post)
    report.not_redirected(old_paths, reason=f"{_status_word(post)} - not redirected")


def article_source(post_id: str, *, occurrence: int = 1) -> str:
    """The key an imported post keeps in `ArticlePage.source`: "wordpress:ID",
    and "wordpress:ID~2" for the second item of a file with that id."""
    return f"wordpress:{post_id}" + (f"~{occurrence}" if occurrence > 1 else "")


def redirect_tag_archives(*, filing: ArticleFiling) -> None:
    """Send each tag's old archive (`/tag/SLUG/`) to its page here.

    Called once the whole file is read, when every tag exists.
    """
    names = {name[:100] for name in filing.tag_archives.values()}
    tag_slugs = dict(Tag.objects.filter(name__in=names).values_list("name", "slug"))
    wanted = {
        Redirect.normalise_path(f"/tag/{quote(old_slug)}/"): reverse(
            "publishing:tag", args=[tag_slugs[name[:100]]]
        )
        for old_slug, name in filing.tag_archives.items()
        if name[:100] in tag_slugs
    }
    existing = set(
        Redirect.objects.filter(site=None, old_path__in=wanted).values_list(
            "old_path", flat=True
        )
    )
    Redirect.objects.bulk_create(
        Redirect(old_path=old_path, site=None, redirect_link=link, is_permanent=True)
        for old_path, link in wanted.items()
        if old_path not in existing
    )


def redirect_attachment_ids(*, filing: ArticleFiling, report: ImportReport) -> None:
    """Send each attachment's `?attachment_id=` and `?p=` links, and its attachment
    page, to the article it belongs to (no attachment becomes a page of its own).

    Called once the whole file is read: attachments often come before the
    post they belong to.
    """
    targets: dict[str, int] = {}
    for attachment_id, parent_id in filing.attachment_parents.items():
        article_id = filing.imported.get(article_source(parent_id))
        if article_id in filing.live:
            attachment = WxrPost(line=0, post_id=attachment_id, post_type="attachment")
            old_paths = list(
                dict.fromkeys(
                    old_id_paths(attachment)
                    + [filing.attachment_pages.get(attachment_id, "")]
                )
            )
            old_paths = [path for path in old_paths if path]
            targets.update(dict.fromkeys(old_paths, article_id))
            new_url = filing.urls.get(article_id)
            if new_url is None:
                new_url = ArticlePage.objects.get(pk=article_id).get_url() or ""
            report.redirected(old_paths, new_url=new_url)
            report.count("attachment links redirected to their article")
    redirect_each_to_its_page(targets)


def _source_of(
    post: WxrPost, *, filing: ArticleFiling, report: ImportReport
) -> tuple[str, bool]:
    """The post's article key, and whether its `?p=ID` links lead to it.

    An item that repeats an earlier item's id is still a post WordPress would
    import: it gets an article of its own, and `?p=ID` keeps leading to the
    first.
    """
    filing.ids_seen[post.post_id] += 1
    occurrence = filing.ids_seen[post.post_id]
    if occurrence > 1:
        report.problem(
            line=post.line,
            reason=f"post id {post.post_id} is used by an earlier item too; "
            f"imported as its own article, /?p={post.post_id} leads to the first",
        )
    return article_source(post.post_id, occurrence=occurrence), occurrence == 1


def _create_article(
    *,
    post: WxrPost,
    filing: ArticleFiling,
    source: str,
    link: str,
    body: ConvertedBody,
    live_since: datetime | None,
) -> tuple[ArticlePage, SectionPage]:
    """The new article, saved under its section (returned too); live if
    `live_since` is given.

    A post that is live is created live, dated as WordPress dated it, rather
    than saved as a draft and published: Wagtail's publish rereads the page
    from its revision and saves and validates it again, which doubled the
    cost of an article.
    """
    main, *others = [
        _section(filing, slug, name) for slug, name in post.categories
    ] or [_section(filing, *DEFAULT_SECTION)]
    title = post.title or post.slug or f"Untitled post {post.post_id}"
    slug = (
        slugify(post.slug or title, allow_unicode=True)[:200] or f"post-{post.post_id}"
    )
    if slug in ARTICLE_SLUGS_TAKEN:
        slug = f"{slug}-{post.post_id}"
    article = ArticlePage(
        title=title[:255],
        slug=slug,
        standfirst=_plain(post.excerpt),
        byline=f"By {post.author}"[:200] if post.author else "",
        body=body.blocks,
        lead_image=_lead_image(filing, post.thumbnail_id),
        source=source,
        source_url=link,
        live=live_since is not None,
        first_published_at=live_since,
        last_published_at=live_since,
    )
    # Both are kept on the unsaved page and written with it (modelcluster).
    article.also_filed_in.set([section for section in others if section != main])
    names = list(dict.fromkeys(tag[:100] for tag in post.tags))
    article.tags.set(filing.tag_names.tags_for(names))
    filing.tag_archives.update(post.tag_slugs)
    filing.places.place(article, section=main)
    insert_article(article, section=main)
    return article, main


def _report_body(
    article: ArticlePage,
    *,
    post: WxrPost,
    link: str,
    new_url: str,
    body: ConvertedBody,
    report: ImportReport,
) -> None:
    """Count the words the new page shows against the old one's, and the notes."""
    check = check_words(
        old_html=independent_rendering(post.content, footnotes=post.footnotes),
        new_html=article_body_html(article.body),
    )
    report.count("words in the old posts", check.source_words)
    report.count("words on the new pages", check.kept_words)
    report.count("words lost", check.lost_words)
    if not check.is_complete:
        report.problem(
            line=post.line, reason=f"post {post.post_id} {check.describe_loss()}"
        )
    for note, amount in body.notes.items():
        report.count(note, amount)
    report.articles.append(
        ArticleRow(
            title=article.title,
            old_url=link,
            new_url=new_url,
            source_words=check.source_words,
            kept_words=check.kept_words,
            block_kinds=dict(Counter(block.block_type for block in article.body)),
            shortcodes=dict(body.shortcodes),
            approximations=dict(body.notes),
            lost_passages=check.missing,
        )
    )


def _live_since(post: WxrPost) -> datetime | None:
    """When a post that is live now went live; None for drafts and future posts."""
    if post.status not in (PUBLISHED, SCHEDULED) or _is_protected(post):
        return None
    moment = post.date or timezone.now()
    return None if post.status == SCHEDULED and moment > timezone.now() else moment


def _save_unpublished(article: ArticlePage, *, post: WxrPost) -> None:
    """Save a draft, or schedule a future post through Wagtail's publish."""
    moment = post.date or timezone.now()
    if post.status == SCHEDULED and moment > timezone.now():
        article.go_live_at = moment
    revision = article.save_revision()
    if post.status == SCHEDULED and not _is_protected(post):
        revision.publish()
    elif post.date:
        # A draft keeps the date WordPress gave it (when it was last saved),
        # not the moment of the import, so exporting it again round-trips.
        revision.created_at = moment
        revision.save(update_fields=["created_at"])
        ArticlePage.objects.filter(pk=article.pk).update(
            latest_revision_created_at=moment
        )


def _redirect_old_addresses(
    article: ArticlePage,
    *,
    post: WxrPost,
    link: str,
    new_url: str,
    owns_id_links: bool,
    report: ImportReport,
) -> list[str]:
    """Send the post's old permalink, and its `?p=ID` links if it owns them, to
    the article; return the old paths redirected.

    A post repeating an earlier item's id owns no id links and keeps a
    redirect to a published page: that item's `?p=ID` may be its permalink.
    """
    old_path = _old_permalink_path(link, new_url=new_url)
    if old_path and len(old_path) > OLD_PATH_LENGTH:
        report.problem(
            line=post.line,
            reason=f"post {post.post_id}'s old address is longer than "
            f"{OLD_PATH_LENGTH} characters; it is not redirected",
        )
        old_path = None
    if not owns_id_links:
        taken = Redirect.objects.filter(
            old_path=old_path, site=None, redirect_page__live=True
        )
        if old_path is None or taken.exists():
            return []
        return redirect_old_paths([old_path], page_id=article.pk)
    # One batch for the permalink and the id links: three queries, not seven.
    old_paths = [old_path] if old_path else []
    return redirect_old_paths(old_paths + old_id_paths(post), page_id=article.pk)


def _old_permalink_path(link: str, *, new_url: str) -> str | None:
    """The permalink's path as redirects store it; None when there is nothing to
    redirect (no link, the site's root, or the article's own new path)."""
    if not link:
        return None
    parts = urlsplit(link)
    old_path = Redirect.normalise_path(
        parts.path + (f"?{parts.query}" if parts.query else "")
    )
    new_path = Redirect.normalise_path(urlsplit(new_url).path)
    if old_path in ("", "/") or old_path == new_path:
        return None
    return old_path


def _article_link(url: str, what: str, *, line: int, report: ImportReport) -> str:
    return imported_link(
        url, what=what, line=line, report=report, max_length=ARTICLE_LINK_LENGTH
    )


def _section(filing: ArticleFiling, slug: str, name: str) -> SectionPage:
    wordpress_slug = slug or slugify(name, allow_unicode=True)
    slug = slugify(slug or name, allow_unicode=True)[:200] or "section"
    if slug in site_addresses_taken():
        # A section named "Search" or "Admin" would sit behind the site's own page.
        slug = f"{slug}-section"
    if slug not in filing.sections:
        section = SectionPage.objects.child_of(filing.home).filter(slug=slug).first()
        if section is None:
            section = SectionPage(title=name[:255] or slug, slug=slug)
            filing.home.add_child(instance=section)
            section.save_revision().publish()
        filing.sections[slug] = section
        # WordPress's archive of the category, at its default address.
        redirect_old_paths(
            [Redirect.normalise_path(f"/category/{quote(wordpress_slug)}/")],
            page_id=section.pk,
        )
    return filing.sections[slug]


def _lead_image(filing: ArticleFiling, thumbnail_id: str):
    if not thumbnail_id or filing.uploads.folder is None:
        return None
    url = filing.attachments.url_for(thumbnail_id)
    return filing.uploads.image_for(url) if url else None


def _is_protected(post: WxrPost) -> bool:
    return post.status == "private" or bool(post.password)


def _status_word(post: WxrPost) -> str:
    if _is_protected(post):
        return "private"
    return "scheduled" if post.status == SCHEDULED else "draft"


def _status_name(post: WxrPost) -> str:
    if _is_protected(post):
        return "kept as drafts (private or password-protected)"
    if post.status == SCHEDULED:
        return "scheduled"
    return "published" if post.status == PUBLISHED else "drafts"


def _report_long_tags(post: WxrPost, *, report: ImportReport) -> None:
    """Count each tag too long for a tag's name; the report keeps it whole."""
    for name in post.tags:
        if len(name) > TAG_NAME_LENGTH:
            report.count(f"tag names shortened to {TAG_NAME_LENGTH} characters")
            report.problem(
                line=post.line,
                reason=f"post {post.post_id} ({post.title}) has a tag longer than "
                f"{TAG_NAME_LENGTH} characters, shortened: {name}",
            )


def _plain(markup: str) -> str:
    return unescape(nh3.clean(markup, tags=set())).strip()
