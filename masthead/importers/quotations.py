"""Quoted passages: a quotation block when plain, rich text when formatted.

The quotation block keeps plain words and names its source (from a <cite>
or a closing "— Source" line). A quote with links, emphasis or lists stays
rich text, so none of that is lost.
"""

from html import escape

from .media_blocks import Block, LinkChecker, text_of
from .rich_text import outer_html

SOURCE_DASHES = ("—", "–", "-- ", "~")
_PLAIN = {"p", "br", "cite", "footer", "span"}


def quotation_blocks(blockquote, *, check_link: LinkChecker) -> list[Block]:
    """The blocks for one <blockquote>; its source's link if `check_link` allows."""
    if not _is_plain(blockquote):
        return [{"type": "paragraph", "value": outer_html(blockquote)}]
    source_name, link = "", ""
    for cite in list(blockquote.iter("cite")):
        anchor = cite.find(".//a")
        href = (anchor.get("href") or "").strip() if anchor is not None else ""
        if not source_name:
            source_name = text_of(cite)
            link = check_link(href, "quotation source link") if href else ""
        cite.drop_tree()
    paragraphs = [text for text in _paragraphs(blockquote) if text.strip()]
    if not paragraphs:
        # A source with nothing quoted: its words stay, as a paragraph.
        words = escape(source_name)
        return [{"type": "paragraph", "value": f"<p>{words}</p>"}] if words else []
    last = paragraphs[-1]
    for dash in SOURCE_DASHES:
        if not source_name and last.startswith(dash) and len(paragraphs) > 1:
            source_name = last[len(dash) :].strip()
            paragraphs.pop()
    value = {
        "text": "\n\n".join(paragraphs),
        "source_name": source_name,
        "date": "",
        "link": link,
    }
    return [{"type": "quotation", "value": value}]


def _is_plain(blockquote) -> bool:
    """Only words, paragraphs and a source: nothing a quotation block would lose."""
    for node in blockquote.iterdescendants():
        if not isinstance(node.tag, str):
            continue
        in_cite = any(parent.tag == "cite" for parent in node.iterancestors())
        if node.tag not in _PLAIN and not in_cite:
            return False
    return True


def _paragraphs(blockquote) -> list[str]:
    """Each paragraph's text; a line break inside one stays a line break."""
    paragraphs, current = [], [blockquote.text or ""]
    for child in blockquote:
        if child.tag in ("p", "footer"):
            paragraphs.append(_lines("".join(current)))
            paragraphs.append(_lines(_with_breaks(child)))
            current = [child.tail or ""]
        elif child.tag == "br":
            current += ["\n", child.tail or ""]
        else:
            current += [_with_breaks(child), child.tail or ""]
    paragraphs.append(_lines("".join(current)))
    return paragraphs


def _with_breaks(element) -> str:
    for line_break in element.iter("br"):
        line_break.tail = "\n" + (line_break.tail or "")
    return element.text_content()


def _lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
