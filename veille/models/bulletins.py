"""The bulletin de veille as Wagtail pages: the archive (BulletinIndexPage, with its RSS feed) and each
bulletin (BulletinPage: number, period, introduction, rubriques of chosen and commented notices)."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from veille.bulletins.blocks import RubriqueBlock

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class BulletinIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(_("Introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["veille.BulletinPage"]

    class Meta:
        verbose_name = _("bulletins de veille archive")

    def bulletins(self):
        """Published bulletins of this archive, the latest first."""
        return BulletinPage.objects.child_of(self).live().public().order_by("-fin", "-numero", "-pk")

    @path("")
    def archive_view(self, request):
        from veille.bulletins.views import archive

        return archive(request, self)

    @path("abonnement/")
    def subscribe_view(self, request):
        from veille.bulletins.subscription_views import subscribe

        return subscribe(request, self)

    @path("flux/")
    def feed_view(self, request):
        from veille.bulletins.feeds import BulletinsFeed

        return BulletinsFeed(self)(request)


class BulletinPage(Page):
    numero = models.PositiveIntegerField(_("number"))
    debut = models.DateField(_("period start"))
    fin = models.DateField(_("period end"))
    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    rubriques = StreamField([("rubrique", RubriqueBlock())], blank=True, verbose_name=_("rubriques"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("numero"), FieldRowPanel([FieldPanel("debut"), FieldPanel("fin")])],
                        heading=_("Bulletin")),
        FieldPanel("introduction"),
        FieldPanel("rubriques"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.FilterField("fin")]
    parent_page_types = ["veille.BulletinIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bulletin de veille")
        verbose_name_plural = _("bulletins de veille")

    def clean(self):
        super().clean()
        if self.debut and self.fin and self.debut > self.fin:
            raise ValidationError({"fin": _("The end of the period must not be before its start.")})

    def get_context(self, request, *args, **kwargs):
        from veille.bulletins.content import bulletin_content

        context = super().get_context(request, *args, **kwargs)
        context["content"] = bulletin_content(self)
        return context
