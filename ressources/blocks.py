"""StreamField blocks shared by the home page, the standard pages and the editorial apps' pages."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(choices=[("h2", _("Level 2")), ("h3", _("Level 3"))], default="h2", label=_("Level"))

    class Meta:
        icon = "title"
        template = "ressources/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(required=False, label=_("Alternative text"),
                                help_text=_("Leave empty if the image is decorative."))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "ressources/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    source = blocks.CharBlock(required=False, label=_("Source"))

    class Meta:
        icon = "openquote"
        template = "ressources/blocks/quote.html"


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("External address"))

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError({"url": ValidationError(_("Choose a page or give an address."))})
        return value

    class Meta:
        icon = "link"
        template = "ressources/blocks/link.html"


class ContentBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul", "document-link"])
    image = ImageBlock()
    quote = QuoteBlock()
    document = DocumentChooserBlock(label=_("Document"), template="ressources/blocks/document.html")
    embed = EmbedBlock(label=_("Video or audio"), template="ressources/blocks/embed.html")
    link = LinkBlock()


class FeaturedPageBlock(blocks.StructBlock):
    """A page put forward on the home page; title and text default to the page's own."""

    page = blocks.PageChooserBlock(label=_("Page"))
    title = blocks.CharBlock(required=False, label=_("Title"), help_text=_("Leave empty to use the page's title."))
    text = blocks.TextBlock(required=False, label=_("Text"))
    image = ImageChooserBlock(required=False, label=_("Image"))

    class Meta:
        icon = "pick"
        label = _("Page")
        template = "ressources/blocks/featured_page.html"


class FeaturedNoticeBlock(blocks.StructBlock):
    notice = SnippetChooserBlock("base_documentaire.Notice", label=_("Notice"))
    text = blocks.TextBlock(required=False, label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Notice")
        template = "ressources/blocks/featured_notice.html"


class FeaturedBlock(blocks.StreamBlock):
    """Items chosen by editors for the home page (« à la une »)."""

    page = FeaturedPageBlock()
    notice = FeaturedNoticeBlock()
    link = LinkBlock()
