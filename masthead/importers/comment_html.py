"""Imported comment HTML, cleaned with the allow-list readers' comments use."""

import re

from masthead.discussion.rendering import sanitise_html

_BLOCK_TAG = re.compile(r"<(p|div|blockquote|ul|ol|pre|h\d)\b", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")


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
    return sanitise_html(source).strip()
