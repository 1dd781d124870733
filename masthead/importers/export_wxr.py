"""Articles and their threaded comments as a WXR 1.2 file WordPress can import.

Written one article at a time, so the export of a large site never sits in
memory whole. The XML is escaped by hand (see xml_text.py) rather than with
lxml's incremental writer: with the lxml this project pins, writing a CDATA
section that ends in "]" through it crashed the process or wrote freed memory.
"""

from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from typing import TextIO

from django.conf import settings

from masthead.discussion.models import Comment
from masthead.publishing.models import ArticlePage

from .addresses import article_addresses
from .export_body import body_html
from .export_files import Written
from .xml_text import XmlText

NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
# Fields WordPress writes for every post that Masthead has no use for.
WORDPRESS_POST_DEFAULTS = {
    "post_parent": "0",
    "menu_order": "0",
    "post_password": "",
    "is_sticky": "0",
}
APPROVED = {"approved": "1", "pending": "0", "spam": "spam", "removed": "trash"}
COMMENT_FIELDS = (
    "pk", "parent_id", "author_id", "author_name", "author_email", "author_url",
    "created_at", "status", "text", "html", "text_format",
)  # fmt: skip


def export_comments_wxr(*, output: TextIO) -> Written:
    """Write every article with its comments as UTF-8 text; return the counts."""
    addresses = article_addresses()
    xml, written = XmlText(), Written()
    declarations = " ".join(
        f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items()
    )
    output.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                 f"{declarations}>\n<channel>\n")  # fmt: skip
    for tag, value in (
        ("title", "Masthead"),
        ("link", settings.BASE_URL),
        ("description", ""),
        ("wp:wxr_version", "1.2"),
        ("wp:base_site_url", settings.BASE_URL),
        ("wp:base_blog_url", settings.BASE_URL),
    ):
        output.write(xml.element(tag, value) + "\n")
    articles = (
        ArticlePage.objects.order_by("pk")
        .annotate_approved_schedule()
        .prefetch_related("also_filed_in", "tags")
    )
    for article in articles.iterator(chunk_size=200):
        written.comments += _write_article(
            output, xml, article, addresses.get(article.pk, "")
        )
        written.articles += 1
    output.write("</channel>\n</rss>\n")
    written.characters_dropped = xml.dropped
    return written


def _write_article(output: TextIO, xml: XmlText, article: ArticlePage, link) -> int:
    dated = article_date(article)
    fields = [
        xml.element("title", article.title),
        xml.element("link", link),
        xml.element("pubDate", format_datetime(dated) if dated else ""),
        xml.element("guid", f"{settings.BASE_URL}/?p={article.pk}",
                    isPermaLink="false"),  # fmt: skip
        xml.element("description", ""),
        xml.element("dc:creator", article.byline.removeprefix("By ")),
        xml.element("content:encoded", body_html(article)),
        # WordPress keeps excerpts as HTML; the standfirst is plain text.
        xml.element("excerpt:encoded", escape(article.standfirst, quote=False)),
        xml.element("wp:post_id", str(article.pk)),
        # Masthead keeps time in UTC, so the local and GMT dates agree.
        xml.element("wp:post_date", _wp_date(dated)),
        xml.element("wp:post_date_gmt", _wp_date(dated)),
        xml.element("wp:comment_status", _comment_status(article)),
        xml.element("wp:ping_status", "closed"),
        xml.element("wp:post_name", article.slug),
        xml.element("wp:status", article_status(article)),
        *(xml.element(f"wp:{name}", value)
          for name, value in WORDPRESS_POST_DEFAULTS.items()),
        xml.element("wp:post_type", "post"),
        *_filing(xml, article),
    ]  # fmt: skip
    output.write("<item>\n" + "\n".join(fields) + "\n")
    count = 0
    comments = Comment.objects.filter(discussion__article=article).order_by(
        "thread_path"
    )
    for row in comments.values_list(*COMMENT_FIELDS).iterator(chunk_size=2000):
        output.write(_comment(xml, dict(zip(COMMENT_FIELDS, row, strict=True))))
        count += 1
    output.write("</item>\n")
    return count


def _filing(xml: XmlText, article: ArticlePage) -> list[str]:
    sections = [article.get_parent(), *article.also_filed_in.all()]
    return [
        *(xml.element("category", section.title, domain="category",
                      nicename=section.slug) for section in sections),
        *(xml.element("category", tag.name, domain="post_tag", nicename=tag.slug)
          for tag in article.tags.all()),
    ]  # fmt: skip


def _comment(xml: XmlText, comment: dict) -> str:
    content = comment["text"] if comment["text_format"] == "html" else comment["html"]
    created = _wp_date(comment["created_at"])
    fields = [
        xml.element("wp:comment_id", str(comment["pk"])),
        xml.element("wp:comment_author", comment["author_name"]),
        xml.element("wp:comment_author_email", comment["author_email"]),
        xml.element("wp:comment_author_url", comment["author_url"]),
        # Only keyed hashes of addresses are kept, so there is none to export.
        xml.element("wp:comment_author_IP", ""),
        xml.element("wp:comment_date", created),
        xml.element("wp:comment_date_gmt", created),
        xml.element("wp:comment_content", content),
        xml.element("wp:comment_approved", APPROVED[comment["status"]]),
        xml.element("wp:comment_type", "comment"),
        xml.element("wp:comment_parent", str(comment["parent_id"] or 0)),
        xml.element("wp:comment_user_id", str(comment["author_id"] or 0)),
    ]
    return "<wp:comment>\n" + "\n".join(fields) + "\n</wp:comment>\n"


def article_status(article: ArticlePage) -> str:
    """WordPress's name for the article's state: publish, future or draft.

    Needs `annotate_approved_schedule()` on the queryset, or costs a query.
    """
    if article.live:
        return "publish"
    return "future" if article.approved_schedule and article.go_live_at else "draft"


def article_date(article: ArticlePage) -> datetime | None:
    """When it was (or will be) published; a draft's is when it was last saved."""
    if article_status(article) == "future":
        return article.go_live_at
    return article.published_at


def _comment_status(article: ArticlePage) -> str:
    return "closed" if article.comments_closed else "open"


def _wp_date(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if moment else ""
