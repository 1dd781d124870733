"""Stream a WordPress WXR export (1.0 to 1.2) as plain records; no database.

WordPress writes each item's own fields before its comments, so a post is
yielded when its first comment starts and each comment as it ends: one item
with a hundred thousand comments never sits in memory whole.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree

from .records import DamagedRecord, judged, parse_wordpress_date
from .word_check import visible_words
from .xmlstream import XmlStream, local_name, release

# Readers' comments; every other type (pingback, trackback, Jetpack's like,
# webmention, a shop's order note…) is something else and is not imported.
COMMENT_TYPES = {"", "comment"}


@dataclass
class WxrPost:
    line: int
    post_id: str
    post_type: str
    title: str = ""
    link: str = ""
    guid: str = ""
    parent_id: str = "0"
    slug: str = ""
    status: str = ""
    date: datetime | None = None
    author: str = ""
    content: str = ""
    excerpt: str = ""
    categories: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # Each tag's WordPress slug and name, for its old archive address.
    tag_slugs: dict[str, str] = field(default_factory=dict)
    thumbnail_id: str = ""
    attachment_url: str = ""
    # For attachments: their place in their post's galleries, and their
    # alternative text.
    menu_order: int = 0
    alt_text: str = ""
    password: str = ""
    # The block editor's footnotes: JSON, a list of {"id", "content"}.
    footnotes: str = ""
    problems: list[str] = field(default_factory=list)


@dataclass
class WxrComment:
    line: int
    post_id: str
    comment_id: str
    parent_id: str
    author: str
    email: str
    url: str
    ip_address: str
    date: datetime | None
    content: str
    approved: str
    comment_type: str

    @property
    def is_comment(self) -> bool:
        return self.comment_type.strip().lower() in COMMENT_TYPES


WxrRecord = WxrPost | WxrComment | DamagedRecord


def read_wxr(stream: XmlStream) -> Iterator[WxrRecord]:
    """Yield posts, comments and damaged records in file order.

    A record is held back until the next one starts, so that any parse error
    inside it has been logged by then and the record can be judged whole.
    """
    held: tuple[WxrRecord, int, int] | None = None
    item = post = None
    for event, element in stream:
        if event == "start":
            if held:
                yield _judged(stream, *held[:2], next_line=element.sourceline)
                held = None
            if local_name(element) == "item":
                if item is not None and post is None:
                    # An item left open (damage inside it): it ends here,
                    # judged (and reported) rather than forgotten.
                    yield _judged(stream, _post(item), item.sourceline,
                                  element.sourceline)  # fmt: skip
                item, post = element, None
            elif item is not None and post is None:
                post = _post(item)
                yield _judged(stream, post, item.sourceline, element.sourceline)
            continue
        if local_name(element) == "item":
            if post is None and item is not None:
                held = (_post(element), element.sourceline, _last_line(element))
            item = None
            release(element)
        elif post is not None:
            held = (
                _comment(element, post_id=post.post_id),
                element.sourceline,
                _last_line(element),
            )
            release(element)
    if held:
        record, line, last_line = held
        yield _judged(stream, record, line, next_line=None, last_line=last_line)


def _last_line(element: etree._Element) -> int:
    """The line the element's last field starts on."""
    return (element[-1].sourceline if len(element) else None) or element.sourceline


def _judged(
    stream: XmlStream,
    record,
    line: int,
    next_line: int | None,
    last_line: int | None = None,
):
    kind = "post" if isinstance(record, WxrPost) else "comment"
    result = judged(
        stream, record, kind=kind, line=line, next_line=next_line, last_line=last_line
    )
    if isinstance(result, DamagedRecord) and kind == "post":
        result.words = len(visible_words(record.content))
    return result


def _texts(element: etree._Element) -> Iterator[tuple[str, str, etree._Element]]:
    for child in element:
        if isinstance(child.tag, str):
            yield local_name(child), (child.text or "").strip(), child


def _post(item: etree._Element) -> WxrPost:
    fields = {}
    post = WxrPost(line=item.sourceline, post_id="", post_type="")
    for name, text, child in _texts(item):
        if name == "encoded":
            name = "excerpt" if "excerpt" in etree.QName(child).namespace else "content"
        if name == "category":
            _file_under(post, child, text)
        elif name == "postmeta":
            meta = {key: value for key, value, _ in _texts(child)}
            if meta.get("meta_key") == "_thumbnail_id":
                post.thumbnail_id = meta.get("meta_value", "")
            elif meta.get("meta_key") == "_wp_attachment_image_alt":
                post.alt_text = meta.get("meta_value", "")
            elif meta.get("meta_key") == "footnotes":
                post.footnotes = meta.get("meta_value", "")
        else:
            fields[name] = text
    post.post_id = fields.get("post_id", "") or _id_in_link(fields.get("link", ""))
    post.post_type = fields.get("post_type", "post") or "post"
    # WordPress keeps titles and term names as HTML ("Tom &amp; Jerry&#8217;s")
    # and shows them as such; here they are plain text.
    post.title = unescape(fields.get("title", ""))
    post.link = fields.get("link", "")
    post.guid = fields.get("guid", "")
    post.parent_id = fields.get("post_parent", "0") or "0"
    post.slug = readable_slug(fields.get("post_name", ""))
    if not post.slug and post.post_type != "attachment":
        _name_from_addresses(post)
    post.status = fields.get("status", "publish") or "publish"
    post.author = fields.get("creator", "")
    post.content = fields.get("content", "")
    post.excerpt = fields.get("excerpt", "")
    post.attachment_url = fields.get("attachment_url", "")
    post.password = fields.get("post_password", "")
    order = fields.get("menu_order", "")
    post.menu_order = int(order) if order.lstrip("-").isdigit() else 0
    post.date = parse_wordpress_date(
        fields.get("post_date_gmt", ""),
        fields.get("post_date", ""),
        fields.get("pubDate", ""),
    )
    if post.date is None and post.post_type == "post":
        post.problems.append("has no readable date; dated when imported")
    return post


def _name_from_addresses(post: WxrPost) -> None:
    """Give a post with no `post_name` the slug and old address WordPress would.

    WordPress builds such a post's permalink with an empty name, so its link
    is the address of something else: "/2020/01/" is January's archive,
    "/blog/" the blog. Only an address naming the post by its id is kept; any
    other becomes "?p=ID", the one link that led to the post. A pretty guid
    (from a site the post passed through) still says its name; otherwise
    the title gives it, as WordPress would on the next save.
    """
    parts = urlsplit(post.link)
    query = parse_qs(parts.query)
    named_by = [*query.get("p", []), *query.get("page_id", [])]
    named_by.append(parts.path.rstrip("/").rpartition("/")[2])
    if post.link and post.post_id not in named_by:
        old_path = parts.path or "/"
        post.link = f"{parts.scheme}://{parts.netloc}/?p={post.post_id}"
        post.problems.append(
            f"has no slug, so its old address {old_path} is another page of the "
            f"old site (an archive); it is not redirected, /?p={post.post_id} is"
        )
    guid = urlsplit(post.guid)
    name = readable_slug(guid.path.rstrip("/").rpartition("/")[2])
    if guid.path and not guid.query and name and not name.isdigit():
        post.slug = name


def _id_in_link(link: str) -> str:
    """The N of a "?p=N" permalink, the one place an id-less item may keep it."""
    values = parse_qs(urlsplit(link).query).get("p", [""])
    return values[0] if values[0].isdigit() else ""


def readable_slug(slug: str) -> str:
    """WordPress stores a non-ASCII slug percent-encoded ("%d8%b1..."); its text."""
    return unquote(slug, errors="replace")


def _file_under(post: WxrPost, element: etree._Element, name: str) -> None:
    name = unescape(name)
    domain = element.get("domain", "category")
    if domain == "category" and name:
        post.categories.append((readable_slug(element.get("nicename", "")), name))
    elif domain == "post_tag" and name:
        post.tags.append(name)
        if slug := readable_slug(element.get("nicename", "")):
            post.tag_slugs[slug] = name


def _comment(element: etree._Element, *, post_id: str) -> WxrComment:
    fields = _comment_fields(element)
    return WxrComment(
        line=element.sourceline,
        post_id=post_id,
        comment_id=fields.get("comment_id", ""),
        parent_id=fields.get("comment_parent", "0") or "0",
        author=fields.get("comment_author", ""),
        email=fields.get("comment_author_email", ""),
        url=fields.get("comment_author_url", ""),
        ip_address=fields.get("comment_author_IP", ""),
        date=parse_wordpress_date(
            fields.get("comment_date_gmt", ""), fields.get("comment_date", "")
        ),
        content=fields.get("comment_content", ""),
        approved=fields.get("comment_approved", "1"),
        comment_type=fields.get("comment_type", ""),
    )


def _comment_fields(element: etree._Element) -> dict[str, str]:
    """A comment's fields, stripped; the content keeps its inner line breaks.

    One pass over the children: a comment is read a hundred thousand times.
    A repeated field counts as its last copy, except the content: its first.
    """
    fields: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str):
            name = local_name(child)
            if name != "comment_content" or name not in fields:
                fields[name] = (child.text or "").strip()
    return fields


def open_wxr(path: Path) -> XmlStream:
    """Open a WXR file for `read_wxr`; raises ImportFileError if it is unsafe."""
    return XmlStream(path, tags=("item", "{*}comment"))
