"""Home page, free content pages and the settings every page of the site shares."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from ressources.blocks import ContentBlock, FeaturedBlock, LinkBlock


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("Introduction"))
    a_la_une = StreamField(FeaturedBlock(), blank=True, max_num=6, verbose_name=_("Featured"),
                           help_text=_("Pages, notices or links put forward at the top of the home page."))
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("Content"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("a_la_une"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .sections import home_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_sections(request))
        return context
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    intro = models.TextField(blank=True, verbose_name=_("Introduction"))
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("Content"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=[
            ("linkedin", "LinkedIn"),
            ("mastodon", "Mastodon"),
            ("bluesky", "Bluesky"),
            ("facebook", "Facebook"),
            ("youtube", "YouTube"),
            ("instagram", "Instagram"),
            ("podcast", _("Podcast")),
            ("other", _("Other")),
        ],
        label=_("Network"),
    )
    url = blocks.URLBlock(label=_("Address"))


class PartnerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"))
    logo = ImageChooserBlock(required=False, label=_("Logo"))
    url = blocks.URLBlock(required=False, label=_("Address"))

    class Meta:
        icon = "group"


class AccessibilityStatus(models.TextChoices):
    """The compliance statement RGAA requires on every page (« état de conformité »)."""

    NON_COMPLIANT = "non", _("not compliant")
    PARTIALLY_COMPLIANT = "partiellement", _("partially compliant")
    FULLY_COMPLIANT = "totalement", _("fully compliant")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(max_length=200, verbose_name=_("Organisation name"))
    tagline = models.CharField(max_length=255, blank=True, verbose_name=_("Tagline"))
    address = models.TextField(blank=True, verbose_name=_("Postal address"))
    contact_email = models.EmailField(blank=True, verbose_name=_("Contact e-mail"))
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("Telephone"))
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("Logo")
    )
    social_links = StreamField([("link", SocialLinkBlock())], blank=True, verbose_name=_("Social networks"))
    footer_links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("Footer links"))
    partners = StreamField([("partner", PartnerBlock())], blank=True, verbose_name=_("Partners"),
                           help_text=_("Funders and partners shown in the footer, with their logo and link."))
    accessibility_status = models.CharField(
        max_length=20, choices=AccessibilityStatus.choices, default=AccessibilityStatus.NON_COMPLIANT,
        verbose_name=_("Accessibility status"), help_text=_("As stated by the accessibility declaration (RGAA)."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Accessibility declaration"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("tagline"), FieldPanel("logo")], heading=_("Identity")
        ),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("contact_email"), FieldPanel("phone")], heading=_("Contact")),
        FieldPanel("social_links"),
        FieldPanel("footer_links"),
        FieldPanel("partners"),
        MultiFieldPanel([FieldPanel("accessibility_status"), FieldPanel("accessibility_page")],
                        heading=_("Accessibility")),
    ]

    class Meta:
        verbose_name = _("site settings")
