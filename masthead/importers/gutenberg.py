"""Posts written in WordPress's block editor: `<!-- wp:name {json} -->` comments.

A block's saved HTML is already what WordPress shows, so most blocks render
as their inner HTML with the comments dropped. The exceptions are the blocks
WordPress builds when the page is shown: embeds (only their URL is saved),
the shortcode block, and "dynamic" blocks that list other content of the old
site (latest posts, archives, search…), which have no words of the post.
"""

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from .autop import add_paragraphs
from .embeds import embed_marker

_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)"
    # Block attributes are JSON with "<", ">" and "--" escaped by the editor.
    r"\s+(?:(?P<attributes>\{[^<>]*?\})\s+)?(?P<void>/)?-->",
)
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.S | re.I)
_PRE = re.compile(r"<pre\b", re.I)
# A footnote's mark in the text: <sup data-fn="ID"><a href="#ID">1</a></sup>.
_FOOTNOTE_MARK = re.compile(
    r"(<sup\b[^>]*\bdata-fn=\"(?P<id>[^\"]*)\"[^>]*>\s*<a\b[^>]*>)"
    r"(?P<number>.*?)(</a>)",
    re.S | re.I,
)
# Core blocks drawn from the site's other content when a page is shown.
SITE_BLOCKS = {
    "archives", "avatar", "calendar", "categories", "latest-comments",
    "latest-posts", "loginout", "page-list", "rss", "search", "social-links",
    "social-link", "tag-cloud", "term-description", "read-more", "home-link",
    "block", "pattern", "template-part",
}  # fmt: skip
# A reusable ("synced") block that shows another reusable block that shows…
_MAX_REUSE_DEPTH = 5
_SITE_PREFIXES = ("query", "post-", "site-", "comment", "navigation")
_LEFT_OUT = {"more", "nextpage"}
# Site blocks that hold the author's own blocks beside the site's content: a
# paragraph written inside the comments block is shown with it. Their inner
# site blocks are still left out, one by one.
_CONTAINERS = {"comments", "query"}


@dataclass
class _Block:
    name: str
    attributes: dict
    parts: list = field(default_factory=list)  # strings and inner _Blocks


def has_blocks(content: str) -> bool:
    """WordPress's own test: block posts skip the classic paragraph rules."""
    return "<!-- wp:" in content


def render_blocks(
    content: str,
    *,
    notes: Counter,
    reusable=lambda ref: None,
    depth: int = 0,
    footnotes: str = "",
) -> str:
    """The HTML WordPress shows for a block post, before shortcodes run.

    `notes` counts what was left out or approximated, by block name.
    `reusable(ref)` gives the saved content of reusable block `ref` (a
    `wp_block` item of the same export), shown where `wp:block` names it.
    `footnotes` is the post's `footnotes` meta (JSON), which the footnotes
    block shows as a numbered list.
    """
    root = _Block(name="", attributes={})
    stack = [root]
    position = 0
    for match in _DELIMITER.finditer(content):
        stack[-1].parts.append(content[position : match.start()])
        position = match.end()
        name = match["name"].removeprefix("core/")
        if match["closer"]:
            if any(block.name == name for block in stack[1:]):
                while stack.pop().name != name:
                    pass
            continue
        block = _Block(name=name, attributes=_attributes(match["attributes"]))
        stack[-1].parts.append(block)
        if not match["void"]:
            stack.append(block)
    stack[-1].parts.append(content[position:])
    show_reused = partial(_reused, notes=notes, reusable=reusable, depth=depth)
    notes_list = _footnotes(footnotes, notes=notes)
    html_shown = _render(root, notes, show_reused, notes_list)
    return _number_marks(html_shown, notes_list) if notes_list else html_shown


def _attributes(text: str | None) -> dict:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _reused(block: _Block, *, notes: Counter, reusable, depth: int) -> str | None:
    """A reusable block's content as WordPress shows it, or None if unknown."""
    content = reusable(str(block.attributes.get("ref", "")))
    if content is None or depth >= _MAX_REUSE_DEPTH:
        return None
    notes["reusable block shown in place"] += 1
    return render_blocks(content, notes=notes, reusable=reusable, depth=depth + 1)


def _footnotes(text: str, *, notes: Counter) -> list[tuple[str, str]]:
    """The post's footnotes as (id, content) pairs, in their order."""
    if not text.strip():
        return []
    try:
        found = json.loads(text)
    except ValueError:
        found = None
    if not isinstance(found, list):
        notes["footnotes that could not be read left out"] += 1
        return []
    return [
        (str(each.get("id", "")), str(each.get("content", "")))
        for each in found
        if isinstance(each, dict)
    ]


def _footnotes_list(footnotes: list[tuple[str, str]]) -> str:
    """What the footnotes block shows: an ordered list of the notes' text.

    WordPress adds a "↩︎" link back to each mark; it has no words, and the
    marks' anchors do not survive sanitising, so it is left out.
    """
    if not footnotes:
        return ""
    items = "".join(f"<li>{content}</li>" for _, content in footnotes)
    return f'<ol class="wp-block-footnotes">{items}</ol>'


def _number_marks(text: str, footnotes: list[tuple[str, str]]) -> str:
    """Each footnote mark shows its note's number, as WordPress numbers them."""
    numbers = {note_id: str(number) for number, (note_id, _) in enumerate(footnotes, 1)}

    def number(mark: re.Match) -> str:
        shown = numbers.get(mark["id"], mark["number"])
        return f"{mark.group(1)}{shown}{mark.group(4)}"

    return _FOOTNOTE_MARK.sub(number, text)


def _render(block: _Block, notes: Counter, show_reused, footnotes=()) -> str:
    name = block.name
    if name == "block" and (reused := show_reused(block)) is not None:
        return reused
    if name == "footnotes":
        return _footnotes_list(list(footnotes))
    if name not in _CONTAINERS and (
        name in SITE_BLOCKS or name.startswith(_SITE_PREFIXES)
    ):
        notes[f"block left out (it shows other content of the old site): {name}"] += 1
        return ""
    if name in _LEFT_OUT:
        return ""
    inner = "".join(
        part if isinstance(part, str) else _render(part, notes, show_reused, footnotes)
        for part in block.parts
    )
    if name == "embed" or name.startswith("core-embed/"):
        return _embed(block, inner)
    if name == "shortcode":
        return add_paragraphs(inner)
    if name == "code" and block.attributes.get("language"):
        language = html.escape(str(block.attributes["language"]))
        return _PRE.sub(f'<pre data-language="{language}"', inner, count=1)
    if name and not inner.strip():
        notes[f"block with no content of its own left out: {name}"] += 1
    return inner


def _embed(block: _Block, inner: str) -> str:
    url = str(block.attributes.get("url", "")) or _text_url(inner)
    caption = _FIGCAPTION.search(inner)
    return embed_marker(url, caption=caption.group(1) if caption else "")


def _text_url(inner: str) -> str:
    """The URL an embed block keeps as the text of its wrapper."""
    found = re.search(r"https?://[^\s<>\"]+", inner)
    return html.unescape(found.group(0)) if found else ""
