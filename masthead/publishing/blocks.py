"""The blocks an editor builds an article body from."""

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


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False)

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
    still = ImageChooserBlock(help_text="A frame from the video, shown until it plays")
    caption = blocks.CharBlock(required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = embed_url_for(value["url"])
        return context

    class Meta:
        icon = "media"
        template = "publishing/blocks/video.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h2", "h3"],
        template="publishing/blocks/paragraph.html",
    )
    quotation = QuotationBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
