"""A post's raw content read plainly, as the word check's second opinion.

The importer renders shortcodes and blocks its own way (post_html.py); if the
word check compared the new page against that rendering, a shortcode that
rendering dropped would be missing on both sides and the loss would go
unseen. So the old words are read here from the raw `post_content`, sharing
no code with the renderer: shortcode tags are taken out and their inner text
kept, code shortcodes keep their content as typed, comments (block markers
included) go, and the HTML is left for the word check's parser. One pass
over the text, however it is nested or broken.
"""

import json
import re

from .code_shortcodes import CODE_SHORTCODES

# WordPress's own shortcodes and the common plugins' ones. Any other bracketed
# name is text unless it plainly is a shortcode (see _is_markup): WordPress
# prints "[sic]" or "[simple boat]" as typed.
KNOWN_SHORTCODES = {
    "caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed",
    "youtube", "vimeo", "dailymotion", "tweet", "soundcloud", *CODE_SHORTCODES,
}  # fmt: skip
_CLOSING_NAME = re.compile(r"\[/([A-Za-z][\w-]*)\]")

# A shortcode tag: "[name …]", "[name/]", "[/name]", or escaped "[[name …]]".
# Attributes hold no brackets, so a search never runs past the next "[".
_SHORTCODE_TAG = re.compile(
    r"\[(?P<escaped>\[?)(?P<closing>/?)(?P<name>[A-Za-z][\w-]*)(?=[\s\]/=])"
    r"(?P<attributes>[^\[\]]*)\](?P<double>\]?)"
)
# The one attribute whose words WordPress shows: a caption.
_CAPTION = re.compile(r"""\bcaption\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# A footnote's mark: the block editor saves it with its number as the link.
_FOOTNOTE_MARK = re.compile(
    r'(<sup\b[^>]*\bdata-fn="(?P<id>[^"]*)"[^>]*>\s*<a\b[^>]*>)[^<]*(?=</a>)', re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A web address alone on its line: WordPress shows what it links to (a
# player, a post) in place of the address, so the address is no word of it.
_LONE_URL = re.compile(
    r"^(?:[ \t]|<p>)*https?://[^\s<>\"]+(?:[ \t]|</p>)*$", re.M | re.I
)


def independent_rendering(content: str, *, footnotes: str = "") -> str:
    """The raw post as HTML whose visible words are the post's, shortcode
    markup left out (their inner text kept), and its footnotes (the post's
    `footnotes` meta, JSON) where a footnotes block shows them."""
    text = _numbered_footnote_marks(_CONTROL.sub("", content))
    if "<!-- wp:footnotes" in text:
        text += _footnotes_list(footnotes)
    pieces: list[str] = []
    position = 0
    # Names with no closing tag after a given point: a later search for one
    # would fail too, so each unclosed code shortcode costs one search.
    unclosed_after: dict[str, int] = {}
    closed_names = {name.lower() for name in _CLOSING_NAME.findall(text)}
    while (tag := _SHORTCODE_TAG.search(text, position)) is not None:
        pieces.append(text[position : tag.start()])
        position = tag.end()
        name = tag["name"].lower()
        if tag["escaped"] and tag["double"]:
            # "[[gallery]]" shows as "[gallery]": text, not a shortcode.
            pieces.append(tag.group()[1:-1].replace("<", "&lt;"))
            continue
        if not _is_markup(tag, name, closed_names):
            pieces.append(tag.group())
            continue
        # A known shortcode becomes an element of its own (a figure, a
        # player); another's tags leave its text as it was typed around them.
        space = " " if name in KNOWN_SHORTCODES else ""
        pieces.append(space + _caption_words(tag["attributes"]) + space)
        if tag["closing"] or name not in CODE_SHORTCODES:
            continue
        content_end = _closing_tag(text, name, position, unclosed_after)
        if content_end is not None:
            # Code is shown as typed: a "<" in it is a character, not a tag.
            pieces.append(text[position:content_end].replace("<", "&lt;"))
            position = content_end
    pieces.append(text[position:])
    # After the tags are out, so that "[embed]URL[/embed]" is a lone URL too.
    return _LONE_URL.sub("", "".join(pieces))


def _footnotes_list(footnotes: str) -> str:
    try:
        notes = json.loads(footnotes) if footnotes.strip() else []
    except ValueError:
        return ""
    if not isinstance(notes, list):
        return ""
    items = (str(note.get("content", "")) for note in notes if isinstance(note, dict))
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def _numbered_footnote_marks(text: str) -> str:
    """Each footnote mark numbered in reading order, as the editor numbers them."""
    numbers: dict[str, int] = {}

    def number(mark: re.Match) -> str:
        return f"{mark.group(1)}{numbers.setdefault(mark['id'], len(numbers) + 1)}"

    return _FOOTNOTE_MARK.sub(number, text)


def _is_markup(tag: re.Match, name: str, closed_names: set[str]) -> bool:
    """A known shortcode, or one with a closing tag, an attribute or a slash."""
    return (
        name in KNOWN_SHORTCODES
        or name in closed_names
        or bool(tag["closing"])
        or "=" in tag["attributes"]
        or tag["attributes"].rstrip().endswith("/")
    )


def _caption_words(attributes: str) -> str:
    found = _CAPTION.search(attributes)
    if found is None:
        return ""
    # WordPress shows a caption as HTML ("The quay at <em>dusk</em>").
    return found[1] if found[1] is not None else found[2]


def _closing_tag(
    text: str, name: str, start: int, unclosed_after: dict[str, int]
) -> int | None:
    """Where "[/name]" starts at or after `start`, or None."""
    if name in unclosed_after and start >= unclosed_after[name]:
        return None
    closing = re.compile(re.escape(f"[/{name}]"), re.I).search(text, start)
    found = closing.start() if closing else -1
    if found == -1:
        unclosed_after[name] = start
        return None
    return found
