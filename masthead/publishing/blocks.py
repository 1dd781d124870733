"""The blocks an editor builds an article body from."""

from urllib.parse import unquote, urlsplit

from django.core.validators import RegexValidator
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .video import embed_url_for


class QuotationBlock(blocks.StructBlock):
    """A quoted passage with the line that says where it comes from."""

    text = blocks.TextBlock(help_text="The quoted words, without quotation marks.")
    source_name = blocks.CharBlock(required=False, help_text="e.g. Reuters")
    date = blocks.CharBlock(
        required=False, help_text="As the source dates it, e.g. 13 October 2015"
    )
    link = blocks.URLBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "publishing/blocks/quotation.html"


# A caption is a line of text; links and emphasis in it are the author's.
CAPTION_FEATURES = ["bold", "italic", "link", "superscript", "subscript", "code"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.RichTextBlock(required=False, features=CAPTION_FEATURES)
    alt = blocks.CharBlock(
        required=False,
        label="Alternative text",
        help_text="What the image shows, for readers who cannot see it; "
        "the image's own description is used when this is empty.",
    )

    class Meta:
        icon = "image"
        template = "publishing/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A video shown as its still: the player loads only when a reader asks.

    Rendering needs no network: the embed address is worked out from the
    video's URL, and no request reaches the video host before the reader
    presses play.
    """

    url = blocks.URLBlock(help_text="The video's page, e.g. a YouTube or Vimeo link")
    # Optional because imported videos come without one: fetching a frame
    # would mean calling the video host. Without a still a link is shown.
    still = ImageChooserBlock(
        required=False, help_text="A frame from the video, shown until it plays"
    )
    caption = blocks.CharBlock(required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = embed_url_for(value["url"])
        context["host"] = (urlsplit(value["url"]).hostname or "").removeprefix("www.")
        return context

    class Meta:
        icon = "media"
        template = "publishing/blocks/video.html"


class GalleryBlock(blocks.StructBlock):
    """Several images shown together, each with its own caption."""

    images = blocks.ListBlock(CaptionedImageBlock(), min_num=1)
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "publishing/blocks/gallery.html"


class AudioBlock(blocks.StructBlock):
    """A recording, shown as a link: nothing is fetched before the reader asks."""

    url = blocks.URLBlock(help_text="The recording's file or page")
    caption = blocks.CharBlock(required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        path = unquote(urlsplit(value["url"]).path)
        context["name"] = path.rsplit("/", 1)[-1] or value["url"]
        return context

    class Meta:
        icon = "media"
        template = "publishing/blocks/audio.html"


class CodeTextBlock(blocks.TextBlock):
    """Text kept exactly: a form field would strip the first line's indent."""

    @cached_property
    def field(self):
        field = super().field
        field.strip = False
        return field


class CodeBlock(blocks.StructBlock):
    """Program code or preformatted text, shown with its lines and indents."""

    language = blocks.CharBlock(
        required=False,
        max_length=40,
        validators=[RegexValidator(r"^[a-z0-9+#_-]*$", "Lower-case letters only.")],
        help_text="e.g. python, javascript, css; empty for plain text",
    )
    code = CodeTextBlock(rows=8)

    class Meta:
        icon = "code"
        template = "publishing/blocks/code.html"


class TableCellBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "link", "superscript", "subscript", "code",
                  "ol", "ul"],
    )  # fmt: skip
    is_heading = blocks.BooleanBlock(required=False)
    colspan = blocks.IntegerBlock(default=1, min_value=1, max_value=100)
    rowspan = blocks.IntegerBlock(default=1, min_value=1, max_value=100)


def table_sections(rows: list, *, header_rows: int, footer_rows: int):
    """The rows of a table as (head, body, foot); the head wins any overlap."""
    header_rows = min(header_rows, len(rows))
    footer_rows = min(footer_rows, len(rows) - header_rows)
    end = len(rows) - footer_rows
    return rows[:header_rows], rows[header_rows:end], rows[end:]


class TableBlock(blocks.StructBlock):
    """A table of rows of cells; the first `header_rows` rows head the columns
    and the last `footer_rows` foot them (totals, notes)."""

    rows = blocks.ListBlock(blocks.ListBlock(TableCellBlock()))
    header_rows = blocks.IntegerBlock(default=0, min_value=0)
    footer_rows = blocks.IntegerBlock(default=0, min_value=0)
    caption = blocks.CharBlock(required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        head, body, foot = table_sections(
            list(value["rows"]),
            header_rows=value["header_rows"],
            footer_rows=value.get("footer_rows") or 0,
        )
        context.update(head_rows=head, body_rows=body, foot_rows=foot)
        return context

    class Meta:
        icon = "table"
        template = "publishing/blocks/table.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=[
            "bold",
            "italic",
            "link",
            "ol",
            "ul",
            "h2",
            "h3",
            "h4",
            "superscript",
            "subscript",
            "code",
            "strikethrough",
            "blockquote",
            "hr",
        ],  # fmt: skip
        template="publishing/blocks/paragraph.html",
    )
    quotation = QuotationBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    video = VideoBlock()
    audio = AudioBlock()
    code = CodeBlock()
    table = TableBlock()
