"""Imported comment HTML, cleaned with the allow-list readers' comments use."""

import re

from masthead.discussion.rendering import sanitise_html

_BLOCK_TAG = re.compile(r"<(p|div|blockquote|ul|ol|pre|h\d)\b", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")

# Text that nh3 (html5ever) passes through unchanged: no markup or character
# reference ("<", "&"), nothing its serialiser escapes (">", no-break space),
# nothing its tokeniser rewrites (CR, NUL), and, to stay well clear of the
# parser's edge cases, no other control character or noncharacter.
_TEXT = r"[^<>&\xa0\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
# Paragraphs and line breaks only, each <p> closed before the next opens:
# what WordPress's paragraphing below writes, and what most Disqus messages
# are. Anything else (an unclosed or nested <p>, <br/>) goes through nh3.
# Possessive quantifiers: a near miss fails in linear time, never backtracks.
_RUN = rf"(?:{_TEXT}++|<br>)*+"
_PLAIN_PARAGRAPHS = re.compile(rf"{_RUN}(?:<p>{_RUN}</p>{_RUN})*+")


def clean_comment_html(source: str) -> str:
    """Safe HTML for a comment exported by WordPress or Disqus.

    WordPress stores comments as text with line breaks and adds paragraphs
    only when showing them; the same is done here before cleaning.
    """
    source = source.strip()
    if not source:
        return ""
    if not _BLOCK_TAG.search(source):
        paragraphs = _BLANK_LINES.split(source.replace("\r\n", "\n"))
        source = "".join(
            "<p>" + part.strip().replace("\n", "<br>\n") + "</p>"
            for part in paragraphs
            if part.strip()
        )
    return sanitise(source).strip()


def sanitise(html: str) -> str:
    """`sanitise_html(html)`, skipping nh3 when it would return `html` unchanged.

    Most imported comments are plain paragraphs, and nh3 was a fifth of an
    import's time; tests/importers/test_comment_html.py holds the two equal.
    """
    if _PLAIN_PARAGRAPHS.fullmatch(html):
        return html
    return sanitise_html(html)
