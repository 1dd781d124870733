"""Finding WordPress shortcodes ("[gallery]", "[code]…[/code]") and replacing them.

WordPress leaves any bracketed name that no plugin registered exactly as
written, so "[sic]", "[1]", "arr[i-1]" or "[citation needed]" stay text here
too. A name no handler knows counts as a shortcode only when it plainly is
one: it has a closing tag, a `key=value` attribute or a closing slash
(`[contact-form-7 id="4"]`); even then, with no closing tag it stays as typed.
Code (<code>, <pre>) is never read for shortcodes: it shows what was typed.

Escaped shortcodes ("[[gallery]]", "[[code]]x[[/code]]") come out as text with
one bracket less; their "[" is written as "&#91;" so no later pass reads them.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .autop import put_back, set_aside

# "[" or "[[", the name, then its attributes (no brackets inside) up to "]",
# "/]" or "]]". The name must end at a space, "]", "/" or "=" (Jetpack's
# "[youtube=URL]" form).
_OPENING = re.compile(
    r"\[(?P<escaped>\[?)(?P<name>[A-Za-z][\w-]*)(?=[\s\]/=])"
    r"(?P<attributes>[^\[\]]*?)(?P<slash>/?)\](?P<double>\]?)"
)
_ATTRIBUTE = re.compile(
    r"""(?P<key>[\w-]+)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"']+))"""
    r"""|"(?P<quoted>[^"]*)"|'(?P<quoted_single>[^']*)'|(?P<word>[^\s"'=]\S*)"""
)
# "[[/name]]": the closing half of an escaped enclosing shortcode.
_ESCAPED_CLOSING = re.compile(r"\[\[/(?P<name>[A-Za-z][\w-]*)\]\]")
# Code elements, but not the stand-ins a call further out left (handlers read
# their content again).
_CODE = re.compile(r"<(pre|code)(?=[\s>/])(?![^>]*data-shortcode-slot)[^>]*>", re.I)
_BRACKET = "&#91;"
# WordPress turns these into ordinary spaces before it reads attributes.
_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u200b": " "})


@dataclass(frozen=True)
class Shortcode:
    """One shortcode as written: positional attributes are keyed "0", "1"…"""

    name: str
    attributes: dict[str, str] = field(default_factory=dict)
    # None for a shortcode with no closing tag ("[gallery]").
    content: str | None = None
    # The opening tag as written, for handlers that leave it as text.
    written: str = ""

    def attribute(self, *names: str, default: str = "") -> str:
        """The first of `names` that is set (case-insensitively), else `default`."""
        for name in names:
            if self.attributes.get(name.lower()):
                return self.attributes[name.lower()]
        return default


Handler = Callable[[Shortcode], str]


def parse_attributes(text: str) -> dict[str, str]:
    """Attributes as WordPress reads them: key="v", key='v', key=v, "v", v."""
    attributes: dict[str, str] = {}
    position = 0
    for match in _ATTRIBUTE.finditer(text.translate(_ODD_SPACES).lstrip("=")):
        if match["key"]:
            value = next(
                group
                for group in (match["double"], match["single"], match["bare"], "")
                if group is not None
            )
            attributes[match["key"].lower()] = value
        else:
            value = next(
                group
                for group in (match["quoted"], match["quoted_single"], match["word"])
                if group is not None
            )
            attributes[str(position)] = value
            position += 1
    return attributes


def replace_shortcodes(
    text: str, handlers: Mapping[str, Handler], *, unknown: Handler | None
) -> str:
    """`text` with each shortcode replaced by what its handler returns.

    `unknown` is called for shortcodes no handler knows (None: leave them, and
    their escaped forms, for a later pass); handlers that want the shortcodes
    inside their content replaced call this again on it.
    """
    text, code = set_aside(text, label="shortcode-slot", tags=_CODE)
    escaped_closings: set[str] = set()

    def unescape_closing(match: re.Match) -> str:
        if unknown is None and match["name"].lower() not in handlers:
            return match.group(0)
        escaped_closings.add(match["name"])
        return f"{_BRACKET}/{match['name']}]"

    text = _ESCAPED_CLOSING.sub(unescape_closing, text)
    pieces: list[str] = []
    position = 0
    # Names with no closing tag further on: searching again would fail too.
    unclosed: set[str] = set()
    closed_somewhere: dict[str, bool] = {}
    while (opening := _OPENING.search(text, position)) is not None:
        name = opening["name"]
        handler = handlers.get(name.lower())
        if handler is None and unknown is None:
            pieces.append(text[position : opening.start() + 1])
            position = opening.start() + 1
            continue
        closing = -1
        if not opening["slash"] and name not in unclosed:
            closing = (
                text.find(f"[/{name}]", opening.end())
                if handler is not None
                else _matching_close(text, name, opening.end())
            )
            if closing < 0 and text.find(f"[/{name}]", opening.end()) < 0:
                unclosed.add(name)
        if name not in closed_somewhere:
            closed_somewhere[name] = f"[/{name}]" in text or name in escaped_closings
        if handler is None and not (
            (opening["escaped"] and closed_somewhere[name])
            or _plainly_a_shortcode(opening, closing)
        ):
            pieces.append(text[position : opening.start() + 1])
            position = opening.start() + 1
            continue
        end = opening.end() if closing < 0 else closing + len(name) + 3
        pieces.append(text[position : opening.start()])
        if opening["escaped"]:
            literal, end = _escaped(text, opening, closing)
            pieces.append(literal)
        else:
            content = None if closing < 0 else text[opening.end() : closing]
            shortcode = Shortcode(
                name=name.lower(),
                attributes=parse_attributes(opening["attributes"]),
                content=content,
                written=opening.group(0),
            )
            pieces.append((handler or unknown)(shortcode))
        position = end
    pieces.append(text[position:])
    return put_back("".join(pieces), code, label="shortcode-slot")


def _matching_close(text: str, name: str, start: int) -> int:
    """Where the closing tag of a shortcode opened just before `start` is, or -1.

    An unknown shortcode may hold another of its name ("[box][box]a[/box]
    b[/box]"); pairing it with the first closing tag would leave the second
    printed as written, so openings and closings are counted.
    """
    tags = re.compile(
        rf"\[(?P<closer>/)?{re.escape(name)}(?=[\s\]/=])[^\[\]]*?(?P<slash>/?)\]"
    )
    depth = 1
    for tag in tags.finditer(text, start):
        if tag["closer"]:
            depth -= 1
            if depth == 0:
                return tag.start()
        elif not tag["slash"]:
            depth += 1
    return -1


def _plainly_a_shortcode(opening: re.Match, closing: int) -> bool:
    return closing >= 0 or bool(opening["slash"]) or "=" in opening["attributes"]


def _escaped(text: str, opening: re.Match, closing: int) -> tuple[str, int]:
    """The text of an escaped shortcode without its outer brackets, and its end.

    Its brackets are written as "&#91;" so that no later pass reads it again.
    """
    if opening["double"]:
        return opening.group(0)[1:-1].replace("[", _BRACKET), opening.end()
    if closing >= 0 and text.startswith("]", closing + len(opening["name"]) + 3):
        end = closing + len(opening["name"]) + 4
        return text[opening.start() + 1 : end - 1].replace("[", _BRACKET), end
    return opening.group(0).replace("[", _BRACKET, 1), opening.end()
