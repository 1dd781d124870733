"""Embedded media: which URLs WordPress turns into players, and how we mark them.

WordPress replaces a known provider's URL (alone on its line, in [embed], or
in an embed block) with the provider's player, fetched from the provider. Here
it becomes a marker element that the block builder turns into a video or
audio block, or a plain link: nothing reaches the provider before a reader
asks for it.
"""

import html
import re
from urllib.parse import urlsplit

VIDEO, AUDIO, POST = "video", "audio", "post"
# Hosts WordPress embeds (its oEmbed providers and file handlers), by kind.
_PROVIDERS = {
    VIDEO: (
        "youtube.com", "youtu.be", "vimeo.com", "dailymotion.com", "dai.ly",
        "wordpress.tv", "videopress.com", "ted.com", "tiktok.com", "animoto.com",
        "screencast.com", "collegehumor.com", "funnyordie.com", "hulu.com",
    ),
    AUDIO: (
        "soundcloud.com", "spotify.com", "mixcloud.com", "reverbnation.com",
        "pocketcasts.com", "anghami.com", "audiomack.com",
    ),
    POST: (
        "twitter.com", "x.com", "instagram.com", "facebook.com", "reddit.com",
        "tumblr.com", "flickr.com", "flic.kr", "imgur.com", "pinterest.com",
        "scribd.com", "slideshare.net", "speakerdeck.com", "issuu.com",
        "kickstarter.com", "smugmug.com", "cloudup.com", "meetup.com",
        "crowdsignal.com", "polldaddy.com", "amazon.com", "bsky.app",
        "threads.net", "wolframcloud.com", "someecards.com", "giphy.com",
    ),
}  # fmt: skip
_FILE_KINDS = {
    AUDIO: (".mp3", ".m4a", ".ogg", ".oga", ".wav", ".flac", ".aac", ".wma"),
    VIDEO: (".mp4", ".m4v", ".webm", ".ogv", ".mov", ".flv", ".wmv"),
}
MARKER_CLASS = "wp-embed"
# A URL alone on its line, or alone in a paragraph: WordPress's auto-embed.
_ALONE_ON_LINE = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$", re.M)
_ALONE_IN_PARAGRAPH = re.compile(r"(<p(?:\s[^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*</p>)")
# Schemes that run code or carry a file inside the address; browsers ignore
# white space and control characters in them ("java\tscript:").
_SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def embed_kind(url: str) -> str | None:
    """VIDEO, AUDIO or POST for a URL WordPress would embed, else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    path = parts.path.lower()
    for kind, endings in _FILE_KINDS.items():
        if path.endswith(endings):
            return kind
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    for kind, hosts in _PROVIDERS.items():
        if any(host == known or host.endswith("." + known) for known in hosts):
            return kind
    return None


def is_script_address(url: str) -> bool:
    """Whether `url` is a `javascript:`, `data:` or `vbscript:` address."""
    plain = _IGNORED_IN_SCHEME.sub("", html.unescape(url or "")).lower()
    return plain.startswith(_SCRIPT_SCHEMES)


def embed_marker(
    url: str, *, caption: str = "", poster: str = "", kind: str | None = None
) -> str:
    """The marker for an embed; an unknown provider's URL stays a link.

    `kind` is given for [audio] and [video], whose files may have any name.
    """
    url = url.strip()
    kind = (kind if urlsplit(url).scheme in ("http", "https") else None) or (
        embed_kind(url)
    )
    figcaption = f"<figcaption>{caption}</figcaption>" if caption.strip() else ""
    if is_script_address(url):
        # Marked, not linked: the block builder drops it and counts it.
        kind = "script"
    if kind is None:
        if not url:
            return figcaption and f"<figure>{figcaption}</figure>"
        link = f'<a href="{html.escape(url)}">{html.escape(url)}</a>'
        return f"<p>{link}</p>" + (figcaption and f"<figure>{figcaption}</figure>")
    attributes = f'data-url="{html.escape(url)}" data-kind="{kind}"'
    if poster:
        attributes += f' data-poster="{html.escape(poster)}"'
    return f'<figure class="{MARKER_CLASS}" {attributes}>{figcaption}</figure>'


def embed_lone_urls(text: str) -> str:
    """Known providers' URLs alone on a line or in a paragraph, as markers.

    Other URLs stay as they are, as WordPress leaves them.
    """

    def replace(match: re.Match) -> str:
        url = html.unescape(match.group(2))
        if embed_kind(url) is None:
            return match.group(0)
        return "\n" + embed_marker(url) + "\n"

    return _ALONE_IN_PARAGRAPH.sub(replace, _ALONE_ON_LINE.sub(replace, text))
