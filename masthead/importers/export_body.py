"""An article's body as the HTML WordPress keeps, one block at a time.

Each block is written in the form WordPress's block editor saves it, which is
also the form Masthead's own importer (html_to_blocks.py) reads back into the
same block: an export imported into an empty site gives the same body.
"""

from urllib.parse import urljoin

from django.conf import settings

from masthead.publishing.blocks import table_sections
from masthead.publishing.models import ArticlePage


def body_html(article: ArticlePage) -> str:
    """The body as HTML: paragraphs, quotes, images, galleries, media, code, tables."""
    writers = {
        "paragraph": lambda value: _no_shortcodes(value.source),
        "quotation": _quotation,
        "image": _image,
        "gallery": _gallery,
        "video": _video,
        "audio": _audio,
        "code": _code,
        "table": _table,
    }
    return "\n\n".join(
        writers[block.block_type](block.value)
        for block in article.body
        if block.block_type in writers
    )


def _quotation(value) -> str:
    source = value["source_name"]
    cite = f"<cite>{_escape(source)}</cite>" if source else ""
    return f"<blockquote><p>{_escape(value['text'])}</p>{cite}</blockquote>"


def _image(value) -> str:
    return f'<figure class="wp-block-image">{_figure_inside(value)}</figure>'


def _figure_inside(value) -> str:
    """An image and its caption: alt text and caption are separate fields."""
    alt = _escape(value["alt"] or "")
    image = f'<img src="{_file_url(value["image"])}" alt="{alt}" />'
    caption = value["caption"].source if value["caption"] else ""
    # Rich text already: its links and emphasis go out as they are.
    return image + (
        f"<figcaption>{_no_shortcodes(caption)}</figcaption>" if caption else ""
    )


def _gallery(value) -> str:
    items = "".join(
        f'<figure class="wp-block-image">{_figure_inside(image)}</figure>'
        for image in value["images"]
    )
    return (
        f'<figure class="wp-block-gallery has-nested-images">{items}'
        f"{_figcaption(value['caption'])}</figure>"
    )


def _video(value) -> str:
    # A lone address is what WordPress embeds (a YouTube page is no file a
    # <video> can play); a still or a caption needs the player's own markup.
    if value["still"] is None and not value["caption"]:
        return f"<p>{_escape(value['url'])}</p>"
    poster = (
        f' poster="{_file_url(value["still"])}"' if value["still"] is not None else ""
    )
    return (
        f'<figure class="wp-block-video"><video controls src="{_escape(value["url"])}"'
        f"{poster}></video>{_figcaption(value['caption'])}</figure>"
    )


def _audio(value) -> str:
    return (
        f'<figure class="wp-block-audio"><audio controls src="{_escape(value["url"])}">'
        f"</audio>{_figcaption(value['caption'])}</figure>"
    )


def _code(value) -> str:
    language = value["language"]
    named = f' class="language-{language}"' if language else ""
    code = _escape(value["code"])
    return f'<pre class="wp-block-code"><code{named}>{code}</code></pre>'


def _table(value) -> str:
    # The importer counts every row of an explicit <thead> (<tfoot>) as a
    # header (footer) row.
    head, body, foot = (
        "".join(_row(row) for row in rows)
        for rows in table_sections(
            list(value["rows"]),
            header_rows=value["header_rows"],
            footer_rows=value.get("footer_rows") or 0,
        )
    )
    return (
        f'<figure class="wp-block-table"><table>'
        f"{f'<thead>{head}</thead>' if head else ''}<tbody>{body}</tbody>"
        f"{f'<tfoot>{foot}</tfoot>' if foot else ''}</table>"
        f"{_figcaption(value['caption'])}</figure>"
    )


def _row(cells) -> str:
    return "<tr>" + "".join(_cell(cell) for cell in cells) + "</tr>"


def _cell(cell) -> str:
    tag = "th" if cell["is_heading"] else "td"
    spans = "".join(
        f' {name}="{cell[name]}"' for name in ("colspan", "rowspan") if cell[name] != 1
    )
    text = _no_shortcodes(cell["text"].source) if cell["text"] else ""
    return f"<{tag}{spans}>{text}</{tag}>"


def _figcaption(caption: str | None) -> str:
    return f"<figcaption>{_escape(caption)}</figcaption>" if caption else ""


def _file_url(image) -> str:
    # On disk the URL is /media/...; in a bucket it is already absolute.
    return _escape(urljoin(settings.BASE_URL + "/", image.file.url))


def _escape(text: str) -> str:
    return _no_shortcodes(
        text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    )


def _no_shortcodes(markup: str) -> str:
    # WordPress (and our importer) would run "[gallery]" or "[code]" written
    # in text as a shortcode; as a character reference it stays words.
    return markup.replace("[", "&#91;")
