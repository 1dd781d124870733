"""Pieces of an old post's HTML as safe rich text for the article's blocks.

Everything from the old site passes nh3 here before it is stored. Tags it
drops keep their text; block tags it drops (a table inside a list item) leave
a line break behind, so the words on either side stay apart.
"""

import copy
import html
import re
from html import unescape
from urllib.parse import unquote, urlsplit

import nh3
from lxml import etree
from lxml import html as lxml_html

INLINE_TAGS = {
    "a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "strike", "strong", "sub", "sup",
    "u", "var",
}  # fmt: skip
RICH_TAGS = INLINE_TAGS | {
    "blockquote", "dd", "dl", "dt", "h2", "h3", "h4", "hr", "li", "ol", "p", "ul",
}  # fmt: skip
# What an image's caption keeps (the caption's editor features).
CAPTION_TAGS = {"a", "b", "strong", "i", "em", "sub", "sup", "code"}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start", "reversed"}}
_SCHEMES = {"http", "https", "mailto"}
# Tags whose end must leave the text around them apart when they are dropped.
_SEPARATING = {
    "address", "article", "aside", "caption", "center", "details", "div",
    "figcaption", "figure", "footer", "form", "header", "li", "nav", "p", "pre",
    "section", "summary", "table", "td", "th", "tr",
}  # fmt: skip
_MEDIA = {"img", "iframe", "video", "audio", "object", "embed"}
_ANY_TAG = re.compile(r"<[^>]*>")
_VOID = re.compile(r"<(br|hr)>")
_EDGE_BREAKS = re.compile(r"^(?:\s|<br\s*/?>)+|(?:\s|<br\s*/?>)+$", re.I)


def parse_fragment(markup: str):
    """An HTML fragment as a tree under a <div>, or None when it nests too deep.

    The parser stops at 256 levels and drops what lies deeper; a caller that
    gets None reads the words with `words_only` instead, so none is lost.
    """
    parser = lxml_html.HTMLParser()
    root = lxml_html.fragment_fromstring(markup, create_parent="div", parser=parser)
    too_deep = any(
        error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log
    )
    return None if too_deep else root


def words_only(markup: str) -> str:
    """The text of some HTML with every tag taken out (a tag leaves a space)."""
    return unescape(_ANY_TAG.sub(" ", markup))


def clean(markup: str, *, tags: set[str] = RICH_TAGS) -> str:
    """`markup` with only `tags` kept, links limited to http(s) and mailto.

    Line breaks and rules are written `<br/>` and `<hr/>`: the editor's
    rich-text reader (Wagtail's) fails on the HTML5 `<br>` and would not
    open the article.
    """
    cleaned = nh3.clean(
        markup,
        tags=tags,
        attributes={tag: names for tag, names in _ATTRIBUTES.items() if tag in tags},
        url_schemes=_SCHEMES,
        link_rel=None,
    )
    return _VOID.sub(r"<\1/>", cleaned)


def inner_html(element, *, tags: set[str] = RICH_TAGS) -> str:
    """The element's content (not the element itself) as clean rich text."""
    copied = flattened(element)
    pieces = [html.escape(copied.text or "", quote=False)]
    pieces += [_markup(child) for child in copied]
    return trim_breaks(clean("".join(pieces), tags=tags))


def outer_html(element, *, tags: set[str] = RICH_TAGS) -> str:
    """The element with its content, as clean rich text."""
    return trim_breaks(clean(_markup(flattened(element), with_tail=False), tags=tags))


def node_html(node) -> str:
    """Markup for one piece of an inline run: text, or an element without its tail."""
    if isinstance(node, str):
        return html.escape(node, quote=False)
    return _markup(flattened(node), with_tail=False)


def trim_breaks(markup: str) -> str:
    return _EDGE_BREAKS.sub("", markup)


def flattened(element):
    """A copy of `element` whose media and preformatted parts are inline text.

    An image inside a sentence becomes a link to it (its alternative text
    inside a link); a <pre> inside a list item keeps its line breaks.
    """
    copied = copy.deepcopy(element)
    copied.tail = None
    for node in list(copied.iter()):
        tag = node.tag if isinstance(node.tag, str) else ""
        if node is not copied and (tag in _MEDIA or _is_marker(node)):
            _replace(node, _media_link(node))
        elif tag == "pre":
            for line_break in node.iter("br"):
                line_break.tail = "\n" + (line_break.tail or "")
            text = node.text_content().strip("\n")
            code = etree.Element("code")
            for number, line in enumerate(text.split("\n")):
                if number:
                    etree.SubElement(code, "br").tail = line
                else:
                    code.text = line
            _replace(node, code, keep_tail=True)
        elif tag in _SEPARATING and node is not copied:
            node.tail = "\n" + (node.tail or "")
    return copied


def link_text_for(url: str, alt: str) -> str:
    """What a link to a missing image says: its alternative text, else its name."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return alt.strip() or name or url


def _is_marker(node) -> bool:
    # An embed marker (embeds.py) that landed inside a list item or a cell.
    return node.tag == "figure" and node.get("data-url") is not None


def _media_link(node):
    url = node.get("src") or node.get("data") or node.get("data-url") or ""
    inside_link = any(parent.tag == "a" for parent in node.iterancestors())
    if not url or inside_link:
        span = etree.Element("span")
        span.text = node.get("alt", "")
        return span
    link = etree.Element("a", href=url)
    link.text = url if _is_marker(node) else link_text_for(url, node.get("alt", ""))
    return link


def _replace(node, replacement, *, keep_tail: bool = True) -> None:
    replacement.tail = node.tail if keep_tail else None
    parent = node.getparent()
    if parent is not None:
        parent.replace(node, replacement)


def _markup(element, *, with_tail: bool = True) -> str:
    return etree.tostring(
        element, method="html", encoding="unicode", with_tail=with_tail
    )
