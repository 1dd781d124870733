"""Articles and their threaded comments as a WXR 1.2 file WordPress can import.

Written with lxml's incremental writer, one article at a time, so the export
of a large site never sits in memory whole.
"""

from datetime import UTC, datetime
from email.utils import format_datetime
from typing import BinaryIO
from urllib.parse import urljoin

from django.conf import settings
from lxml import etree

from masthead.discussion.models import Comment
from masthead.publishing.models import ArticlePage

from .addresses import article_addresses

WP = "http://wordpress.org/export/1.2/"
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": WP,
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


def export_comments_wxr(*, output: BinaryIO) -> int:
    """Write every article with its comments; return how many comments."""
    addresses = article_addresses()
    written = 0
    with etree.xmlfile(output, encoding="utf-8") as xml:
        xml.write_declaration()
        with xml.element("rss", version="2.0", nsmap=NAMESPACES):
            with xml.element("channel"):
                _text(xml, "title", "Masthead")
                _text(xml, "link", settings.BASE_URL)
                _text(xml, "description", "")
                _text(xml, f"{{{WP}}}wxr_version", "1.2")
                _text(xml, f"{{{WP}}}base_site_url", settings.BASE_URL)
                _text(xml, f"{{{WP}}}base_blog_url", settings.BASE_URL)
                articles = ArticlePage.objects.order_by("pk").prefetch_related(
                    "also_filed_in", "tags"
                )
                for article in articles.iterator(chunk_size=200):
                    written += _write_article(
                        xml, article, addresses.get(article.pk, "")
                    )
    return written


def _write_article(xml, article: ArticlePage, link: str) -> int:
    published = article.published_at
    with xml.element("item"):
        _text(xml, "title", article.title)
        _text(xml, "link", link)
        _text(xml, "pubDate", format_datetime(published) if published else "")
        with xml.element("guid", isPermaLink="false"):
            xml.write(f"{settings.BASE_URL}/?p={article.pk}")
        _text(xml, "description", "")
        _text(
            xml,
            "{http://purl.org/dc/elements/1.1/}creator",
            article.byline.removeprefix("By "),
        )
        _text(
            xml, "{http://purl.org/rss/1.0/modules/content/}encoded", body_html(article)
        )
        _text(xml, f"{{{NAMESPACES['excerpt']}}}encoded", article.standfirst)
        _text(xml, f"{{{WP}}}post_id", str(article.pk))
        # Masthead keeps time in UTC, so the local and GMT dates agree.
        _text(xml, f"{{{WP}}}post_date", _wp_date(published))
        _text(xml, f"{{{WP}}}post_date_gmt", _wp_date(published))
        _text(xml, f"{{{WP}}}comment_status", _comment_status(article))
        _text(xml, f"{{{WP}}}ping_status", "closed")
        _text(xml, f"{{{WP}}}post_name", article.slug)
        _text(xml, f"{{{WP}}}status", _status(article))
        for field, value in WORDPRESS_POST_DEFAULTS.items():
            _text(xml, f"{{{WP}}}{field}", value)
        _text(xml, f"{{{WP}}}post_type", "post")
        _write_filing(xml, article)
        count = 0
        comments = Comment.objects.filter(discussion__article=article).order_by(
            "thread_path"
        )
        for row in comments.values_list(*COMMENT_FIELDS).iterator(chunk_size=2000):
            _write_comment(xml, dict(zip(COMMENT_FIELDS, row, strict=True)))
            count += 1
    return count


def _write_filing(xml, article: ArticlePage) -> None:
    parent = article.get_parent()
    for section in [parent, *article.also_filed_in.all()]:
        with xml.element("category", domain="category", nicename=section.slug):
            xml.write(etree.CDATA(section.title))
    for tag in article.tags.all():
        with xml.element("category", domain="post_tag", nicename=tag.slug):
            xml.write(etree.CDATA(tag.name))


def _write_comment(xml, comment: dict) -> None:
    with xml.element(f"{{{WP}}}comment"):
        _text(xml, f"{{{WP}}}comment_id", str(comment["pk"]))
        _text(xml, f"{{{WP}}}comment_author", comment["author_name"])
        _text(xml, f"{{{WP}}}comment_author_email", comment["author_email"])
        _text(xml, f"{{{WP}}}comment_author_url", comment["author_url"])
        # Only keyed hashes of addresses are kept, so there is none to export.
        _text(xml, f"{{{WP}}}comment_author_IP", "")
        _text(xml, f"{{{WP}}}comment_date", _wp_date(comment["created_at"]))
        _text(xml, f"{{{WP}}}comment_date_gmt", _wp_date(comment["created_at"]))
        content = (
            comment["text"] if comment["text_format"] == "html" else comment["html"]
        )
        _text(xml, f"{{{WP}}}comment_content", content)
        _text(xml, f"{{{WP}}}comment_approved", APPROVED[comment["status"]])
        _text(xml, f"{{{WP}}}comment_type", "comment")
        _text(xml, f"{{{WP}}}comment_parent", str(comment["parent_id"] or 0))
        _text(xml, f"{{{WP}}}comment_user_id", str(comment["author_id"] or 0))


def body_html(article: ArticlePage) -> str:
    """The body as the HTML WordPress keeps: paragraphs, quotes, captioned images."""
    parts = []
    for block in article.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(value.source)
        elif block.block_type == "quotation":
            cite = (
                f"<cite>{_escape(value['source_name'])}</cite>"
                if value["source_name"]
                else ""
            )
            parts.append(
                f"<blockquote><p>{_escape(value['text'])}</p>{cite}</blockquote>"
            )
        elif block.block_type == "image":
            # On disk the URL is /media/...; in a bucket it is already absolute.
            url = urljoin(settings.BASE_URL + "/", value["image"].file.url)
            caption = _escape(value["caption"] or "")
            parts.append(
                f'[caption]<img src="{url}" alt="{caption}" /> {caption}[/caption]'
            )
        elif block.block_type == "video":
            parts.append(f"<p>{_escape(value['url'])}</p>")
    return "\n\n".join(parts)


def _comment_status(article: ArticlePage) -> str:
    return "closed" if article.comments_closed else "open"


def _status(article: ArticlePage) -> str:
    if article.live:
        return "publish"
    return "future" if article.go_live_at else "draft"


def _wp_date(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _text(xml, tag: str, text: str) -> None:
    with xml.element(tag):
        if text:
            xml.write(etree.CDATA(text.replace("]]>", "]]]]><![CDATA[>")))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
