"""WordPress's paragraph rules for classic posts (what its `wpautop` does).

Authors of classic posts never typed <p>: WordPress makes a paragraph of each
run of text between blank lines or block-level tags, and a line break of every
other newline. Preformatted text, scripts and styles are left alone, and
newlines next to block tags (between list items, table rows) add nothing.
"""

import re

BLOCK_TAGS = (
    "address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|"
    "fieldset|figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|legend|li|map|"
    "math|menu|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
# Block tags after which the text stays loose, as WordPress leaves it: the
# text of a list item or a table cell is not a paragraph of its own.
_INLINE_HOLDERS = {
    "caption", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
    "legend", "li", "p", "pre", "summary", "td", "th",
}  # fmt: skip
_UNTOUCHED = re.compile(r"<(pre|script|style|svg|textarea)\b[^>]*>", re.I)
_OPENING_BLOCK = re.compile(rf"<(?:{BLOCK_TAGS})(?=[\s/>])", re.I)
_CLOSING_BLOCK = re.compile(rf"</(?:{BLOCK_TAGS})\s*>|<hr\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_DOUBLE_BREAK = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.I)
_CHUNK = re.compile(r"^(?P<open><(?P<tag>[a-z0-9]+)\b[^>]*>)?(?P<middle>.*?)"
                    r"(?P<close></(?P<closing>[a-z0-9]+)\s*>|<hr\b[^>]*>)?$",
                    re.S | re.I)  # fmt: skip


def set_aside(
    text: str, *, label: str, tags: re.Pattern = _UNTOUCHED
) -> tuple[str, list[str]]:
    """`text` with each <pre>, <script>… (or `tags`) replaced by an empty stand-in.

    The stand-ins are <pre> elements, so the paragraph rules see a block.
    An element left unclosed stays in the text.
    """
    kept: list[str] = []
    pieces: list[str] = []
    lowered = text.lower()
    position = 0
    unclosed: set[str] = set()
    while (opening := tags.search(text, position)) is not None:
        tag = opening.group(1).lower()
        end = -1 if tag in unclosed else lowered.find(f"</{tag}", opening.end())
        closing = lowered.find(">", end) if end >= 0 else -1
        if closing < 0:
            # One search per tag name: a later one would fail the same way.
            unclosed.add(tag)
            pieces.append(text[position : opening.end()])
            position = opening.end()
            continue
        pieces.append(text[position : opening.start()])
        kept.append(text[opening.start() : closing + 1])
        pieces.append(f'<pre data-{label}="{len(kept) - 1}"></pre>')
        position = closing + 1
    pieces.append(text[position:])
    return "".join(pieces), kept


def put_back(text: str, kept: list[str], *, label: str) -> str:
    for number, original in enumerate(kept):
        text = text.replace(f'<pre data-{label}="{number}"></pre>', original, 1)
    return text


def add_paragraphs(text: str) -> str:
    """`text` with WordPress's <p> and <br> added; everything else unchanged."""
    if not text.strip():
        return ""
    text, kept = set_aside(
        text.replace("\r\n", "\n").replace("\r", "\n"), label="autop-slot"
    )
    text = _DOUBLE_BREAK.sub("\n\n", text)
    # A newline inside a tag (<a\nhref=…>) is not a line of the text.
    text = _TAG.sub(lambda tag: tag.group(0).replace("\n", " "), text)
    text = _OPENING_BLOCK.sub(lambda tag: "\n\n" + tag.group(0), text)
    text = _CLOSING_BLOCK.sub(lambda tag: tag.group(0) + "\n\n", text)
    chunks = (chunk.strip("\n") for chunk in re.split(r"\n\s*\n", text))
    text = "\n".join(_paragraph(chunk) for chunk in chunks if chunk.strip())
    return put_back(text, kept, label="autop-slot")


def _paragraph(chunk: str) -> str:
    """One chunk: at most one block tag opening it and one closing it."""
    parts = _CHUNK.match(chunk)
    opening, middle, closing = parts["open"] or "", parts["middle"], parts["close"]
    if opening and not _OPENING_BLOCK.match(opening):
        # The chunk starts with an inline tag (<a>, <strong>): all of it is text.
        opening, middle = "", opening + middle
    if closing and not _CLOSING_BLOCK.fullmatch(closing):
        middle, closing = middle + closing, ""
    middle = _line_breaks(middle.strip())
    if not middle:
        return opening + (closing or "")
    tag = (parts["tag"] or "").lower() if opening else ""
    if tag in _INLINE_HOLDERS:
        return opening + middle + (closing or "")
    if (closing or "").lower().startswith("</p"):
        closing = ""
    return f"{opening}<p>{middle}</p>{closing or ''}"


def _line_breaks(text: str) -> str:
    """Every newline left inside a paragraph is a line break, once."""
    text = re.sub(r"<br\s*/?>\s*\n", "<br>", text, flags=re.I)
    return re.sub(r"[ \t]*\n\s*", "<br>\n", text)
