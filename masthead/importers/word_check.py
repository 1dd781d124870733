"""Proof that an article kept every word: the old page's words against the new.

A word is what a reader sees between spaces, with at least one letter or
digit (a lone dash is punctuation). Words hidden from readers (scripts,
players' fallback text, alternative text) do not count on either side. The
comparison is in order: a word moved elsewhere counts as lost where it was.

The comparison must stay fast on any page: a full alignment costs the product
of the two lengths on repetitive text (the same word 20,000 times), so only a
small differing middle is aligned in full; a long one is walked word by word
and aligned a bounded window at a time wherever the pages differ.
"""

import unicodedata
from collections import Counter
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
# Most pairs of equal words (one on each page) in a differing middle that is
# aligned in full; ordinary prose stays far below, repetitive text far above.
FULL_ALIGNMENT_LIMIT = 150_000
# Words of each page aligned at a time when the middle is larger.
WINDOW = 100


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
    lost = _lost_ranges(old, new)
    missing = tuple(
        " ".join(old[start:end][:12]) + (" …" if end - start > 12 else "")
        for start, end in lost
    )
    kept = len(old) - sum(end - start for start, end in lost)
    return WordCheck(source_words=len(old), kept_words=kept, missing=missing)


def _lost_ranges(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """The (start, end) runs of `old` that `new` does not show, in order."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    old_end, new_end = len(old), len(new)
    while old_end > start and new_end > start and old[old_end - 1] == new[new_end - 1]:
        old_end, new_end = old_end - 1, new_end - 1
    if _equal_pairs(old[start:old_end], new[start:new_end]) <= FULL_ALIGNMENT_LIMIT:
        matcher = SequenceMatcher(
            None, old[start:old_end], new[start:new_end], autojunk=False
        )
        return [
            (start + first, start + last)
            for kind, first, last, _, _ in matcher.get_opcodes()
            if kind in ("delete", "replace")
        ]
    return _walked_ranges(old[:old_end], new[:new_end], start, start)


def _equal_pairs(old: list[str], new: list[str]) -> int:
    """How many (old word, new word) pairs are equal: what a full alignment costs."""
    in_new = Counter(new)
    return sum(amount * in_new[word] for word, amount in Counter(old).items())


def _walked_ranges(
    old: list[str], new: list[str], i: int, j: int
) -> list[tuple[int, int]]:
    """Lost runs found window by window: linear, however repetitive the text."""
    lost: list[tuple[int, int]] = []
    while i < len(old):
        if j == len(new):
            _add_run(lost, i, len(old))
            break
        if old[i] == new[j]:
            i, j = i + 1, j + 1
            continue
        window = SequenceMatcher(
            None, old[i : i + WINDOW], new[j : j + WINDOW], autojunk=False
        )
        # Up to the end of the window's last agreeing run; none: all lost.
        steps = [block for block in window.get_matching_blocks() if block.size]
        if not steps:
            _add_run(lost, i, i + min(WINDOW, len(old) - i))
            i += WINDOW
            continue
        for kind, first, last, _, _ in window.get_opcodes():
            if first >= steps[-1].a + steps[-1].size:
                break
            if kind in ("delete", "replace"):
                _add_run(lost, i + first, i + last)
        i, j = i + steps[-1].a + steps[-1].size, j + steps[-1].b + steps[-1].size
    return lost


def _add_run(lost: list[tuple[int, int]], start: int, end: int) -> None:
    """Add a lost run, joined to the one before when they touch."""
    if lost and lost[-1][1] == start:
        lost[-1] = (lost[-1][0], end)
    else:
        lost.append((start, end))


def article_body_html(body) -> str:
    """An article body (a StreamValue) as its page shows it."""
    return "".join(str(child.render()) for child in body)
