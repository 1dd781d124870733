"""Readers' Markdown to safe HTML, done once when a comment is written.

Markdown-it never passes raw HTML through (html=False), and nh3 then cleans
the result against a short allow-list, so a bug in one layer is not enough
to put a reader's markup on the page.
"""

import re
from html import unescape

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# A reader's "#" must not outrank the article's own headings.
HEADING_TAGS = {"h1": "h4", "h2": "h5"}
DEEPEST_HEADING = "h6"

QUOTE_SOURCE_CLASS = "quote-source"
# Longer than this, a paragraph ending in a colon is prose, not a source line.
QUOTE_SOURCE_MAX_LENGTH = 160

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h4", "h5", "h6", "hr", "s",
}  # fmt: skip
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Readers' links are theirs, not ours: search engines get no endorsement and
# the target gets no handle on our window.
LINK_REL = "nofollow ugc noopener"

_markdown = (
    MarkdownIt(
        "commonmark",
        {"html": False, "breaks": True, "linkify": False, "typographer": False},
    )
    # An image would let a reader embed a tracking pixel in everyone's page.
    .disable("image")
    # ~~text~~ renders as <s>, not <del>: ALLOWED_TAGS lists "s" for it.
    .enable("strikethrough")
)


def render_comment(text: str) -> str:
    """Return the sanitised HTML for a reader's Markdown; "" for blank text."""
    if not text.strip():
        return ""
    env: dict = {}
    tokens = _markdown.parse(text, env)
    _demote_headings(tokens=tokens)
    _mark_quote_sources(tokens=tokens)
    rendered = _markdown.renderer.render(tokens, _markdown.options, env)
    return sanitise_html(rendered).strip()


def plain_text_excerpt(html: str, *, length: int = 200) -> str:
    """Return the text of rendered comment HTML, at most `length` characters.

    The text is unescaped: callers put it into autoescaping templates.
    """
    text = _html_to_text(html)
    if len(text) <= length:
        return text
    room = length - 1  # keep one character for the ellipsis
    head, space, _ = text[: room + 1].rpartition(" ")
    if not space:
        # One word longer than the room: cutting inside it beats showing nothing.
        head = text[:room]
    return head.rstrip(" ,;:") + "…"


def _demote_headings(*, tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = HEADING_TAGS.get(token.tag, DEEPEST_HEADING)


def _mark_quote_sources(*, tokens: list[Token]) -> None:
    """Mark a blockquote's opening "Reuters, 13 October 2015:" as its source.

    Only when more of the quotation follows: a lone short line ending in a
    colon is just a short quotation.
    """
    for index, token in enumerate(tokens[:-4]):
        if token.type != "blockquote_open":
            continue
        paragraph_open, inline, paragraph_close, after = tokens[index + 1 : index + 5]
        if (
            paragraph_open.type == "paragraph_open"
            and after.type != "blockquote_close"
            and _is_source_line(_inline_text(inline))
        ):
            paragraph_open.attrSet("class", QUOTE_SOURCE_CLASS)


def _is_source_line(text: str) -> bool:
    return len(text) <= QUOTE_SOURCE_MAX_LENGTH and text.endswith(":")


def _inline_text(inline: Token) -> str:
    parts = [
        child.content if child.type in ("text", "code_inline") else " "
        for child in inline.children or []
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    ]
    return "".join(parts).strip()


def sanitise_html(html: str) -> str:
    """HTML we did not write (a rendered or imported comment), cut to the allow-list."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        allowed_classes={"p": {QUOTE_SOURCE_CLASS}},
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _html_to_text(rendered: str) -> str:
    text = unescape(nh3.clean(rendered, tags=set()))
    return re.sub(r"\s+", " ", text).strip()
