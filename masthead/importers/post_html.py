"""A post's content as the HTML WordPress shows for it.

This follows WordPress's own order: blocks are rendered, code shortcodes are
taken out first (their contents are code, not HTML), known providers' URLs
alone on a line become embeds, classic posts get their paragraphs, and
shortcodes become the HTML their handlers make. WordPress's typographic
filters (curly quotes, smilies) are not applied: the words stay the author's.

Media become marker elements (see embeds.py) that the block builder turns
into blocks; the rest is ordinary HTML. Nothing here is sanitised yet.
"""

import html
import re
from collections import Counter

from .attachments import Attachment, AttachmentIndex
from .autop import add_paragraphs, put_back, set_aside
from .code_shortcodes import replace_code_shortcodes
from .embeds import AUDIO, VIDEO, embed_kind, embed_lone_urls, embed_marker
from .gutenberg import has_blocks, render_blocks
from .shortcodes import Shortcode, replace_shortcodes

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
# Characters no HTML page can hold (an XML parser in recovery mode lets them by).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CAPTIONED_IMAGE = re.compile(
    r"((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)", re.S | re.I
)
_MEDIA_SOURCES = {
    AUDIO: ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac", "0"),
    VIDEO: ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov", "0", "url"),
}
_PROVIDER_SHORTCODES = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
    "dailymotion": "https://www.dailymotion.com/video/{}",
    "tweet": "https://twitter.com/i/status/{}",
    "soundcloud": "{}",
}


class PostRenderer:
    """Renders the posts of one export, whose attachments galleries show."""

    def __init__(self, *, attachments: AttachmentIndex, reusable_blocks=None):
        self.attachments = attachments
        # Reusable block id -> its saved content (`wp_block` items).
        self.reusable_blocks = reusable_blocks if reusable_blocks is not None else {}
        self.notes: Counter = Counter()
        # The shortcodes a handler turned into HTML, by name, for the migration
        # report; reset for every post.
        self.converted: Counter = Counter()
        self.post_id = ""
        handlers = {
            "caption": self._caption,
            "wp_caption": self._caption,
            "gallery": self._gallery,
            "audio": lambda code: self._media(code, AUDIO),
            "video": lambda code: self._media(code, VIDEO),
            "playlist": self._playlist,
            "embed": self._embed,
            **dict.fromkeys(_PROVIDER_SHORTCODES, self._provider),
        }
        self.handlers = {
            name: self._counted(handler) for name, handler in handlers.items()
        }

    def render(
        self, content: str, *, post_id: str = "", notes: Counter, footnotes: str = ""
    ) -> str:
        """The HTML WordPress would show for `content`, the body of post `post_id`.

        `notes` counts what had to be left out or approximated, and why;
        `footnotes` is the post's footnotes meta, shown by its footnotes block.
        """
        self.post_id, self.notes, self.converted = post_id, notes, Counter()
        text = _CONTROL.sub("", content.replace("\r\n", "\n").replace("\r", "\n"))
        is_block_post = has_blocks(text)
        if is_block_post:
            text = render_blocks(
                text,
                notes=self.notes,
                reusable=self.reusable_blocks.get,
                footnotes=footnotes,
            )
        text = replace_code_shortcodes(text)
        text = _COMMENT.sub("", text)
        text, kept = set_aside(text, label="post-slot")
        text = self.shortcodes(text)
        text = embed_lone_urls(text)
        if not is_block_post:
            text = add_paragraphs(text)
        return put_back(text, kept, label="post-slot")

    def shortcodes(self, text: str) -> str:
        return replace_shortcodes(text, self.handlers, unknown=self._unknown)

    def _counted(self, handler):
        def convert(code: Shortcode) -> str:
            self.converted[code.name] += 1
            return handler(code)

        return convert

    def _unknown(self, code: Shortcode) -> str:
        self.notes[f"unknown shortcode [{code.name}] kept as its text"] += 1
        if code.content is None:
            # WordPress prints a shortcode no plugin handles as typed.
            return code.written
        return self.shortcodes(code.content)

    def _caption(self, code: Shortcode) -> str:
        """[caption …]<img> Words[/caption], or with caption="Words"."""
        content = self.shortcodes(code.content or "")
        caption = code.attribute("caption")
        image = _CAPTIONED_IMAGE.search(content)
        if image is None:
            return content + (f"<p>{caption}</p>" if caption else "")
        before = content[: image.start()]
        if not caption:
            caption = image.group(2).strip()
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"{before}<figure>{image.group(1)}{figcaption}</figure>"

    def _gallery(self, code: Shortcode) -> str:
        images = [
            _gallery_item(item)
            for item in self._attachments_for(code)
            if not _is_media_file(item.url)
        ]
        if not images:
            self.notes["gallery with no images in the export left out"] += 1
            return ""
        return f'<figure class="gallery">{"".join(images)}</figure>'

    def _playlist(self, code: Shortcode) -> str:
        kind = VIDEO if code.attribute("type") == VIDEO else AUDIO
        return "".join(
            embed_marker(item.url, kind=kind, caption=html.escape(item.caption))
            for item in self._attachments_for(code)
            if _is_media_file(item.url)
        )

    def _attachments_for(self, code: Shortcode) -> list[Attachment]:
        listed = code.attribute("ids", "include")
        if listed:
            found = (self.attachments.get(i) for i in listed.split(","))
            return [item for item in found if item is not None]
        excluded = {i.strip() for i in code.attribute("exclude").split(",")}
        parent = code.attribute("id", default=self.post_id)
        return [
            item
            for item in self.attachments.children_of(parent)
            if item.post_id not in excluded
        ]

    def _media(self, code: Shortcode, kind: str) -> str:
        url = html.unescape(code.attribute(*_MEDIA_SOURCES[kind]))
        if not url and code.content:
            url = html.unescape(code.content.strip())
        if not url:
            self.notes[f"[{code.name}] with no file left out"] += 1
            return ""
        poster = html.unescape(code.attribute("poster"))
        return embed_marker(url, kind=kind, poster=poster)

    def _embed(self, code: Shortcode) -> str:
        return embed_marker(html.unescape(code.content or code.attribute("0")))

    def _provider(self, code: Shortcode) -> str:
        """Jetpack's [youtube URL], [vimeo 123], [tweet 456]…"""
        value = html.unescape(code.attribute("0", "url", "id") or code.content or "")
        if not value.startswith(("http://", "https://")):
            value = _PROVIDER_SHORTCODES[code.name].format(value.strip())
        return embed_marker(value)


def _gallery_item(item: Attachment) -> str:
    image = f'<img src="{html.escape(item.url)}" alt="{html.escape(item.alt_text)}">'
    caption = f"<figcaption>{item.caption}</figcaption>" if item.caption else ""
    return f"<figure>{image}{caption}</figure>"


def _is_media_file(url: str) -> bool:
    return embed_kind(url) in (AUDIO, VIDEO)
