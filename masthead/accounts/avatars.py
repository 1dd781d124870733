"""Readers' avatars, drawn here from their initials: no outside avatar service."""

import hashlib

from django.utils.html import format_html


def initials_of(name: str) -> str:
    """Up to two capital letters: "Ann Lee" -> "AL", "bo" -> "B", "" -> "?"."""
    words = [word for word in name.split() if word[:1].isalnum()]
    letters = "".join(word[0] for word in words[:1] + words[1:][-1:])
    return letters.upper() or "?"


def colour_for(key: str) -> str:
    """A steady, readable background colour for white letters."""
    hue = int(hashlib.sha256(key.encode()).hexdigest()[:6], 16) % 360
    return f"hsl({hue} 45% 38%)"


def avatar_svg(*, name: str, key: str, size: int = 40) -> str:
    # SVG attributes, not a style attribute: the site's CSP forbids inline styles.
    return format_html(
        '<svg class="avatar" width="{size}" height="{size}" viewBox="0 0 40 40" '
        'role="img" aria-label="{name}">'
        '<circle cx="20" cy="20" r="20" fill="{colour}"/>'
        '<text x="20" y="25.5" text-anchor="middle" font-size="15" '
        'font-family="system-ui, sans-serif" font-weight="600" fill="#fff">'
        "{initials}</text></svg>",
        size=size,
        name=name,
        colour=colour_for(key),
        initials=initials_of(name),
    )
