"""A WordPress post's content as the article's StreamField blocks.

The content is first rendered as WordPress shows it (post_html.py); its HTML
is then walked in order. Text, headings, lists and definitions fill rich-text
paragraphs; quotations, code, tables, images, galleries, videos and audio get
blocks of their own. Every run of text between blocks becomes a paragraph,
so no word is left behind, and every piece of HTML passes nh3 on the way in.
"""

from collections import Counter
from dataclasses import dataclass, field
from html import escape as html_escape

from lxml import html

from .media_blocks import (
    Block,
    ImageFinder,
    LinkChecker,
    MediaBlocks,
    caption_of,
    is_marker,
    text_of,
)
from .post_html import PostRenderer
from .quotations import quotation_blocks
from .rich_text import clean as clean_html
from .rich_text import (
    inner_html,
    node_html,
    outer_html,
    parse_fragment,
    trim_breaks,
    words_only,
)
from .table_blocks import code_value, table_value

HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
RICH_BLOCKS = {"ul", "ol", "dl", "hr"}
MEDIA = {"img", "video", "audio", "iframe", "object", "embed"}
# Never shown to readers, or site furniture with no words of the post.
INVISIBLE = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "source", "track", "param", "canvas", "map", "area", "input", "select",
}  # fmt: skip
# Containers whose children are walked as blocks in their own right.
FLOW = {
    "div", "section", "article", "main", "header", "footer", "aside", "nav",
    "center", "details", "summary", "form", "fieldset", "legend", "address",
    "hgroup", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
    "caption", "figcaption", "body", "html", "p", "menu", "picture",
}  # fmt: skip
BLOCK_LEVEL = (
    FLOW | RICH_BLOCKS | MEDIA | INVISIBLE
    | {"blockquote", "pre", "table", "figure", *HEADINGS}
)  # fmt: skip


@dataclass
class ConvertedBody:
    """The blocks, the HTML WordPress would show, and what was approximated."""

    blocks: list[Block]
    wordpress_html: str
    notes: Counter = field(default_factory=Counter)
    # Shortcodes turned into their HTML, by name ("caption", "gallery").
    shortcodes: Counter = field(default_factory=Counter)


def convert_body(
    content: str,
    *,
    renderer: PostRenderer,
    find_image: ImageFinder,
    check_link: LinkChecker,
    post_id: str = "",
    footnotes: str = "",
) -> ConvertedBody:
    """Render `content` as WordPress would, then build the article's blocks.

    `find_image(url)` gives a Wagtail image or None. Addresses that become
    block fields or new links (a quotation's source, a video, an image kept
    as a link) are kept only if `check_link` allows; their words stay.
    `footnotes` is the post's footnotes meta (JSON), for its footnotes block.
    """
    notes: Counter = Counter()
    wordpress_html = renderer.render(
        content, post_id=post_id, notes=notes, footnotes=footnotes
    )
    builder = BodyBuilder(
        MediaBlocks(find_image=find_image, check_link=check_link, notes=notes)
    )
    root = parse_fragment(wordpress_html) if wordpress_html.strip() else None
    if root is not None:
        builder.walk(root)
    elif wordpress_html.strip():
        notes["posts nested too deep to read: kept as plain text"] += 1
        text = html_escape(" ".join(words_only(wordpress_html).split()), quote=False)
        builder.add_rich(f"<p>{text}</p>")
    return ConvertedBody(
        builder.blocks, wordpress_html, notes, shortcodes=Counter(renderer.converted)
    )


class BodyBuilder:
    def __init__(self, media: MediaBlocks):
        self.media = media
        self.blocks: list[Block] = []

    def add(self, *blocks: Block) -> None:
        """Consecutive rich text shares one paragraph block, as an editor types it."""
        for block in blocks:
            if block["type"] != "paragraph":
                self.blocks.append(block)
            elif block["value"].strip():
                if self.blocks and self.blocks[-1]["type"] == "paragraph":
                    self.blocks[-1]["value"] += block["value"]
                else:
                    self.blocks.append(dict(block))

    def add_rich(self, markup: str) -> None:
        self.add({"type": "paragraph", "value": markup})

    def walk(self, container) -> None:
        """A container's children in order; loose text between blocks is a paragraph."""
        run: list = [container.text or ""]
        for child in container:
            if _is_block(child):
                self._flush(run)
                self.block(child)
                run = [child.tail or ""]
            elif _only_media_inside(child):
                self._flush(run)
                for media in _media_in(child):
                    self.block(media)
                run = [child.tail or ""]
            else:
                run += [child, child.tail or ""]
        self._flush(run)

    def _flush(self, run: list) -> None:
        markup = trim_breaks(clean_html("".join(node_html(node) for node in run)))
        if markup.strip() and text_or_markup(markup):
            self.add_rich(f"<p>{markup}</p>")

    def block(self, element) -> None:  # noqa: C901 - one branch per kind of block
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in INVISIBLE or not tag:
            return
        if _is_gallery(element):
            # <figure class="wp-block-gallery">, the older <ul class=
            # "wp-block-gallery">, Jetpack's <div class="tiled-gallery">…
            self.add(*self.media.gallery(element))
        elif tag in HEADINGS:
            self._heading(element, HEADINGS[tag])
        elif tag in RICH_BLOCKS:
            markup = outer_html(element)
            if text_or_markup(markup):
                self.add_rich(markup)
        elif tag == "blockquote":
            self.add(*quotation_blocks(element, check_link=self.media.check_link))
        elif tag == "pre":
            self._preformatted(element)
        elif tag == "table":
            self._table(element, caption=None)
        elif tag == "figure":
            self._figure(element)
        elif tag == "img":
            self.add(*self.media.image(element))
        elif tag in MEDIA:
            self.add(*self.media.element(element))
        else:
            self.walk(element)

    def _heading(self, element, level: str) -> None:
        """The heading's words, then any image or embed it held, as blocks."""
        media = _media_in(element)
        for node in media:
            node.drop_tree()
        text = inner_html(element)
        if text_or_markup(text):
            self.add_rich(f"<{level}>{text}</{level}>")
        for node in media:
            self.block(node)

    def _preformatted(self, pre) -> None:
        if "wp-block-verse" in (pre.get("class") or ""):
            # A poem keeps its lines, but it is prose, not code.
            lines = inner_html(pre).strip("\n").replace("\n", "<br/>")
            self.add_rich(f"<p>{lines}</p>")
            return
        value = code_value(pre)
        if value["code"].strip():
            self.add({"type": "code", "value": value})

    def _table(self, table, *, caption) -> None:
        heading = table.find("caption")
        if heading is not None and text_of(heading):
            self.add_rich(f"<p>{inner_html(heading)}</p>")
        value = table_value(table)
        if value is None:
            return
        value["caption"] = text_of(caption)
        self.add({"type": "table", "value": value})

    def _figure(self, figure) -> None:
        caption = figure.find("figcaption")
        if is_marker(figure):
            self.add(*self.media.marker(figure))
        elif figure.find(".//table") is not None and figure.find(".//img") is None:
            for table in figure.iter("table"):
                self._table(table, caption=caption)
        elif (image := figure.find(".//img")) is not None and caption is not None:
            self.add(*self.media.image(image, caption=caption_of(caption)))
            caption.drop_tree()
            image.drop_tree()
            self.walk(figure)
        elif (media := _first_media(figure)) is not None and media.tag != "img":
            self.add(*self.media.element(media, caption=caption))
        else:
            self.walk(figure)


def text_or_markup(markup: str) -> bool:
    """Whether rich text shows anything: words, or a rule."""
    root = html.fragment_fromstring(markup, create_parent="div")
    return bool(root.text_content().strip()) or root.find(".//hr") is not None


def _is_gallery(element) -> bool:
    classes = element.get("class") or ""
    return "gallery" in classes and element.find(".//img") is not None


def _is_block(element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else None
    if tag is None:
        return True  # comments and processing instructions: nothing to show
    return tag in BLOCK_LEVEL or is_marker(element)


def _only_media_inside(element) -> bool:
    """An inline element that only wraps images (a linked image, say)."""
    return bool(_media_in(element)) and not element.text_content().strip()


def _media_in(element) -> list:
    """The outermost images, players and embeds inside `element`."""
    found = []
    for node in element.iterdescendants():
        is_media = node.tag in MEDIA or _marker_like(node)
        if is_media and not any(node in outer.iterdescendants() for outer in found):
            found.append(node)
    return found


def _marker_like(node) -> bool:
    return isinstance(node.tag, str) and node.tag == "figure" and is_marker(node)


def _first_media(figure):
    return next((node for node in figure.iter() if node.tag in MEDIA), None)
