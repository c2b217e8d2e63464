"""StreamField blocks for product stories."""

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.choosers import product_chooser_viewset

Product = get_model("catalogue", "Product")

_BaseProductChooserBlock = product_chooser_viewset.get_block_class(
    name="BaseProductChooserBlock", module_path="cms.blocks"
)


class ProductChooserBlock(_BaseProductChooserBlock):
    """Chooses a shop product; loads every product of a story in one go.

    StreamField calls ``bulk_to_python`` once per block type with all the stored
    ids, so a story with ten product blocks costs the same few queries as one with a
    single block. ``base_queryset()`` brings certificates, stock records, images and
    producer along, which is everything the product card reads. Products are *not*
    filtered to sellable ones here: a product whose certificate lapsed must still
    appear, marked "not currently available".
    """

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        objects = Product.objects.base_queryset().in_bulk(ids) if ids else {}
        return [objects.get(self._coerce_pk(value)) for value in values]

    def to_python(self, value):
        if value is None:
            return None
        return self.bulk_to_python([value])[0]

    @staticmethod
    def _coerce_pk(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    class Meta:
        icon = "tag"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    attribution = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=128)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "cms/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=128)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo link."))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Embedded video")
        template = "cms/blocks/video.html"


class ProductBlock(blocks.StructBlock):
    """A live product card: price, stars and add-to-basket, or "not currently
    available" once the product stops being sellable."""

    product = ProductChooserBlock(label=_("Product"))
    note = blocks.TextBlock(
        label=_("Why this product"),
        required=False,
        help_text=_("A sentence shown beside the product card."),
    )

    class Meta:
        icon = "tag"
        label = _("Product")
        template = "cms/blocks/product.html"


class StoryBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul"],
        template="cms/blocks/paragraph.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    product = ProductBlock()
