"""Images, galleries, videos, audio and embedded frames as article blocks.

An image the uploads folder holds becomes an image block; one it does not
becomes a link to the old file, with its caption kept. Videos and audio
become blocks that show a still or a link: no request reaches a video host
or the old site before the reader asks (see publishing/video.py).
"""

import re
from collections import Counter
from collections.abc import Callable
from html import escape

from .embeds import AUDIO, MARKER_CLASS, VIDEO, embed_kind, is_script_address
from .rich_text import CAPTION_TAGS, inner_html, link_text_for

ImageFinder = Callable[[str], object | None]
# Called with an address and what it is: the address if it may be linked, or "".
LinkChecker = Callable[[str, str], str]
Block = dict
# Counted per article: WordPress's own escaping drops such addresses too.
SCRIPT_MEDIA_DROPPED = "media addresses dropped (javascript: or data:)"
_YOUTUBE_FLASH = re.compile(r"youtube(?:-nocookie)?\.com/v/([\w-]+)")


def text_of(element) -> str:
    """An element's words with their spacing tidied, for plain-text fields."""
    return " ".join(element.text_content().split()) if element is not None else ""


def caption_of(element) -> str:
    """An image caption's words with their links and emphasis, as clean HTML."""
    if element is None:
        return ""
    return " ".join(inner_html(element, tags=CAPTION_TAGS).split())


class MediaBlocks:
    def __init__(
        self, *, find_image: ImageFinder, check_link: LinkChecker, notes: Counter
    ):
        self.find_image = find_image
        self.check_link = check_link
        self.notes = notes

    def image(self, img, *, caption="") -> list[Block]:
        """An image block; `caption` is clean inline HTML (see caption_of)."""
        src, alt = (img.get("src") or "").strip(), img.get("alt", "") or ""
        if is_script_address(src):
            # Its words stay: the alternative text is what the old page said.
            self.notes[SCRIPT_MEDIA_DROPPED] += 1
            return _paragraphs(escape(alt), caption)
        found = self.find_image(src) if src else None
        if found is not None:
            value = {"image": found.pk, "caption": caption, "alt": alt}
            return [{"type": "image", "value": value}]
        blocks = []
        if src:
            self.notes["images not in the uploads folder kept as links"] += 1
            link = self.check_link(src, "image address")
            words = escape(link_text_for(src, alt))
            markup = f'<a href="{escape(link)}">{words}</a>' if link else words
            blocks.append({"type": "paragraph", "value": f"<p>{markup}</p>"})
        return blocks + _paragraphs(caption)

    def gallery(self, figure) -> list[Block]:
        """Every image of a gallery (shortcode or block) with its own caption."""
        own_caption = [
            child for child in figure if getattr(child, "tag", "") == "figcaption"
        ]
        items = [(img, _item_caption(img, figure)) for img in figure.iter("img")]
        found = [self.find_image((img.get("src") or "").strip()) for img, _ in items]
        caption = text_of(own_caption[0]) if own_caption else ""
        if items and all(image is not None for image in found):
            images = [
                {"image": image.pk, "caption": text, "alt": img.get("alt", "")}
                for (img, text), image in zip(items, found, strict=True)
            ]
            value = {"images": images, "caption": caption}
            return [{"type": "gallery", "value": value}]
        blocks = [
            block for img, text in items for block in self.image(img, caption=text)
        ]
        if caption:
            blocks.append({"type": "paragraph", "value": f"<p>{escape(caption)}</p>"})
        return blocks

    def marker(self, figure) -> list[Block]:
        """A media marker from post_html (embeds, [audio], [video])."""
        return self._media(
            figure.get("data-url", ""),
            kind=figure.get("data-kind"),
            poster=figure.get("data-poster", ""),
            caption=figure.find("figcaption"),
        )

    def element(self, element, *, caption=None) -> list[Block]:
        """<video>, <audio>, <iframe>, <object> or <embed> written in the post."""
        tag = element.tag
        url = element.get("src") or element.get("data") or ""
        for inner in element.iter("source", "embed", "param"):
            url = (
                url
                or inner.get("src")
                or (inner.get("value") if inner.get("name") in ("movie", "src") else "")
            )
        flash = _YOUTUBE_FLASH.search(url or "")
        if flash:
            url = f"https://www.youtube.com/watch?v={flash.group(1)}"
        kind = {"video": VIDEO, "audio": AUDIO}.get(tag) or embed_kind(url.strip())
        return self._media(url, kind=kind, poster=element.get("poster", ""),
                           caption=caption)  # fmt: skip

    def _media(self, url, *, kind, poster, caption) -> list[Block]:
        if is_script_address(url):
            self.notes[SCRIPT_MEDIA_DROPPED] += 1
            return self._caption_only(caption)
        if is_script_address(poster):
            self.notes[SCRIPT_MEDIA_DROPPED] += 1
            poster = ""
        url = self.check_link(url.strip(), f"{kind or 'embed'} address") if url else ""
        caption_text = text_of(caption)
        if not url:
            self.notes["media with no usable address left out"] += 1
            return self._caption_only(caption)
        if kind == VIDEO:
            still = self.find_image(poster.strip()) if poster else None
            value = {"url": url, "still": still.pk if still else None,
                     "caption": caption_text}  # fmt: skip
            return [{"type": "video", "value": value}]
        if kind == AUDIO:
            value = {"url": url, "caption": caption_text}
            return [{"type": "audio", "value": value}]
        self.notes["embedded posts and frames kept as links"] += 1
        link = f'<p><a href="{escape(url)}">{escape(url)}</a></p>'
        return [{"type": "paragraph", "value": link}, *self._caption_only(caption)]

    def _caption_only(self, caption) -> list[Block]:
        if caption is None or not text_of(caption):
            return []
        return [{"type": "paragraph", "value": f"<p>{inner_html(caption)}</p>"}]


def _paragraphs(*markups: str) -> list[Block]:
    return [
        {"type": "paragraph", "value": f"<p>{markup}</p>"}
        for markup in markups
        if markup.strip()
    ]


def is_marker(element) -> bool:
    return MARKER_CLASS in (element.get("class") or "").split()


def _item_caption(img, gallery) -> str:
    """The caption of one gallery item: the figcaption nearest the image."""
    for ancestor in img.iterancestors():
        if ancestor is gallery:
            return ""
        captions = [c for c in ancestor if getattr(c, "tag", "") == "figcaption"]
        if captions:
            return caption_of(captions[0])
    return ""
