"""A WordPress post body (HTML with shortcodes) as the article's StreamField blocks.

The HTML is cleaned with nh3 first, so nothing from the old site reaches the
page unfiltered; each top-level piece then becomes a paragraph, quotation or
image block. Videos stay links: a video block needs a still image, and none
can be fetched without calling the video host.
"""

import re
from collections.abc import Callable

import nh3
from lxml import etree, html

BODY_TAGS = {
    "p", "br", "a", "b", "strong", "i", "em", "ul", "ol", "li", "h1", "h2", "h3",
    "h4", "h5", "h6", "blockquote", "cite", "figure", "figcaption", "img", "div",
}  # fmt: skip
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
INLINE_SOURCE_DASHES = ("—", "–", "-- ", "~")
_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S | re.I)
_EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S | re.I)
_BLOCK_START = re.compile(r"^\s*<(p|div|blockquote|ul|ol|h\d|figure|table|pre)\b", re.I)
_VIDEO = re.compile(r"^https?://(www\.)?(youtube\.com/watch|youtu\.be/|vimeo\.com/\d)")

ImageFinder = Callable[[str], object | None]
# Called with an address and what it is: the address if it may be linked, or "".
LinkChecker = Callable[[str, str], str]
Block = dict


def body_blocks(
    source: str, *, find_image: ImageFinder, check_link: LinkChecker
) -> list[Block]:
    """Raw StreamField data for a post body; `find_image(url)` gives a Wagtail image.

    Addresses that become block fields or new links (a quotation's source, an
    image kept as a link, a video link) are kept only if `check_link` allows.
    """
    cleaned = nh3.clean(
        _paragraphs(_EMBED.sub(r"\n\n\1\n\n", _CAPTION.sub(_figure, source))),
        tags=BODY_TAGS,
        attributes={"a": {"href"}, "img": {"src", "alt"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    if not cleaned.strip():
        return []
    root = html.fragment_fromstring(cleaned, create_parent="div")
    blocks: list[Block] = []
    if (root.text or "").strip():
        _add_paragraph(blocks, f"<p>{_escape(root.text.strip())}</p>")
    for element in root:
        _add_element(blocks, element, find_image, check_link)
    return blocks


def _figure(match: re.Match) -> str:
    """[caption]<img …> Words[/caption] as a figure with its caption."""
    inner = match.group(1)
    end = inner.rfind(">") + 1
    return (
        f"<figure>{inner[:end]}<figcaption>{inner[end:].strip()}</figcaption></figure>"
    )


def _paragraphs(source: str) -> str:
    """WordPress's own rule: a blank line starts a paragraph, a newline breaks one."""
    chunks = re.split(r"\n\s*\n", source.replace("\r\n", "\n"))
    return "\n".join(
        chunk
        if _BLOCK_START.match(chunk)
        else f"<p>{chunk.strip()}</p>".replace("\n", "<br>")
        for chunk in chunks
        if chunk.strip()
    )


def _add_element(
    blocks: list[Block], element, find_image: ImageFinder, check_link: LinkChecker
) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "div":
        for child in element:
            _add_element(blocks, child, find_image, check_link)
    elif tag == "blockquote":
        blocks.append({"type": "quotation", "value": _quotation(element, check_link)})
    elif tag in ("figure", "img") or (tag == "p" and _only_image(element)):
        _add_image(blocks, element, find_image, check_link)
    elif tag in HEADINGS:
        text = _escape(element.text_content().strip())
        if text:
            _add_paragraph(blocks, f"<{HEADINGS[tag]}>{text}</{HEADINGS[tag]}>")
    elif tag in ("ul", "ol", "p"):
        _add_text_element(blocks, element, check_link)
    elif tag:
        _add_paragraph(blocks, f"<p>{_escape(element.text_content().strip())}</p>")


def _add_text_element(blocks: list[Block], element, check_link: LinkChecker) -> None:
    text = element.text_content().strip()
    if not text and element.find(".//img") is None:
        return
    is_video_link = _VIDEO.match(text) and " " not in text
    link = check_link(text, "video link") if is_video_link else ""
    if link:
        _add_paragraph(blocks, f'<p><a href="{_escape(link)}">{_escape(text)}</a></p>')
        return
    element.tail = None
    _add_paragraph(blocks, etree.tostring(element, encoding="unicode", method="html"))


def _add_paragraph(blocks: list[Block], markup: str) -> None:
    """Consecutive paragraphs share one rich-text block, as an editor types them."""
    if markup in ("<p></p>", ""):
        return
    if blocks and blocks[-1]["type"] == "paragraph":
        blocks[-1]["value"] += markup
    else:
        blocks.append({"type": "paragraph", "value": markup})


def _only_image(element) -> bool:
    return element.find(".//img") is not None and not element.text_content().strip()


def _add_image(
    blocks: list[Block], element, find_image: ImageFinder, check_link: LinkChecker
) -> None:
    image = element if element.tag == "img" else element.find(".//img")
    caption_element = element.find(".//figcaption")
    caption = (
        caption_element.text_content().strip() if caption_element is not None else ""
    )
    if image is None:
        _add_paragraph(blocks, f"<p>{_escape(caption)}</p>" if caption else "")
        return
    url = image.get("src", "")
    found = find_image(url) if url else None
    if found is not None:
        value = {"image": found.pk, "caption": caption[:255]}
        blocks.append({"type": "image", "value": value})
    elif url:
        link = check_link(url, "image address")
        words = caption or image.get("alt", "") or link.rsplit("/", 1)[-1]
        if link:
            _add_paragraph(
                blocks, f'<p><a href="{_escape(link)}">{_escape(words)}</a></p>'
            )
        else:  # the address was dropped: only the image's words stay
            _add_paragraph(blocks, f"<p>{_escape(words)}</p>")


def _quotation(element, check_link: LinkChecker) -> dict:
    """The quoted words, and the source from a <cite> or a closing "— Source" line."""
    source_name, link = "", ""
    for cite in element.findall(".//cite"):
        source_name = cite.text_content().strip()
        anchor = cite.find(".//a")
        href = anchor.get("href", "") if anchor is not None else ""
        link = check_link(href, "quotation source link") if href else ""
        cite.drop_tree()
    pieces = [element.text or ""]
    for child in element:
        pieces += [child.text_content(), child.tail or ""]
    paragraphs = [piece.strip() for piece in pieces if piece.strip()] or [""]
    last = paragraphs[-1]
    for dash in INLINE_SOURCE_DASHES:
        if not source_name and last.startswith(dash) and len(paragraphs) > 1:
            source_name = last[len(dash) :].strip()
            paragraphs.pop()
    return {
        "text": "\n\n".join(paragraphs),
        "source_name": source_name[:255],
        "date": "",
        "link": link,
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
