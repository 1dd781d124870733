"""Proof that an article kept every word: the old page's words against the new.

A word is what a reader sees between spaces, with at least one letter or
digit (a lone dash is punctuation). Words hidden from readers (scripts,
players' fallback text, alternative text) do not count on either side. The
comparison is in order: a word moved elsewhere counts as lost where it was.
"""

import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .rich_text import parse_fragment, words_only

# Elements whose text a reader never sees on the page.
HIDDEN = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "iframe", "object", "embed", "video", "audio", "canvas", "select", "input",
}  # fmt: skip
# Elements that start a new line of text: words either side stay apart.
SEPARATING = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "legend", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
MAX_MISSING_SHOWN = 5


@dataclass(frozen=True)
class WordCheck:
    """How many of the old page's words the new page shows, in order."""

    source_words: int
    kept_words: int
    # The runs of words that went missing, each as it read on the old page.
    missing: tuple[str, ...] = field(default=())

    @property
    def lost_words(self) -> int:
        return self.source_words - self.kept_words

    @property
    def is_complete(self) -> bool:
        return self.kept_words == self.source_words

    def describe_loss(self) -> str:
        shown = "; ".join(f"“{run}”" for run in self.missing[:MAX_MISSING_SHOWN])
        more = len(self.missing) - MAX_MISSING_SHOWN
        return f"lost {self.lost_words} of {self.source_words} words: {shown}" + (
            f" and {more} more passages" if more > 0 else ""
        )


def visible_words(markup: str) -> list[str]:
    """The words a reader sees in an HTML fragment, in reading order."""
    if not markup.strip():
        return []
    root = parse_fragment(markup)
    if root is None:
        return _words(words_only(markup))
    pieces: list[str] = []
    # An explicit stack: a hostile page may nest thousands of elements deep.
    stack: list = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None
        if closing:
            pieces += [" " if tag in SEPARATING else "", element.tail or ""]
            continue
        if tag is None or tag in HIDDEN:
            pieces.append(" " + (element.tail or "") if tag else element.tail or "")
            continue
        pieces += [" " if tag in SEPARATING else "", element.text or ""]
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(_in_reading_order(element)))
    return _words("".join(pieces))


def _in_reading_order(element) -> list:
    """Its children as shown: a table's <tfoot> comes last wherever it was written."""
    if element.tag != "table":
        return list(element)
    return sorted(element, key=lambda child: child.tag == "tfoot")


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    return [word for word in text.split() if any(c.isalnum() for c in word)]


def check_words(*, old_html: str, new_html: str) -> WordCheck:
    """Compare the words of the old page's body with the new page's, in order."""
    old, new = visible_words(old_html), visible_words(new_html)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    missing = tuple(
        " ".join(old[start:end][:12]) + (" …" if end - start > 12 else "")
        for kind, start, end, _, _ in matcher.get_opcodes()
        if kind in ("delete", "replace")
    )
    return WordCheck(source_words=len(old), kept_words=kept, missing=missing)


def article_body_html(body) -> str:
    """An article body (a StreamValue) as its page shows it."""
    return "".join(str(child.render()) for child in body)
