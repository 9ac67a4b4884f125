"""Actualités: an index page (listing, filters, RSS) and one page per news item."""
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ressources.blocks import ContentBlock
from ressources.pages import public
from ressources.vocabulary import VocabularyTagged


class Kind(models.TextChoices):
    ACTUALITE = "actualite", _("News item")
    BREVE = "breve", _("Brief")
    LU_VU_ENTENDU = "lu_vu_entendu", _("Read, seen, heard")
    APPEL_PROJETS = "appel_projets", _("Call for projects")
    OFFRE_EMPLOI = "offre_emploi", _("Job offer")


NEWEST_FIRST = ("-date", "-first_published_at", "-pk")


class ActualitesIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["actualites.ActualitePage"]

    class Meta:
        verbose_name = _("news index page")

    def news(self):
        """The published news items under this index, newest first."""
        return public(ActualitePage.objects.child_of(self).live()).order_by(*NEWEST_FIRST)

    @path("")
    def listing_view(self, request):
        from .views import listing

        return listing(request, self)

    @path("flux/")
    def feed_view(self, request):
        from .feeds import NewsFeed
        from .views import filter_form

        form = filter_form(request, self)
        if form.is_bound and not form.is_valid():
            return HttpResponse(form.error_text(), status=400, content_type="text/plain; charset=utf-8")
        return NewsFeed(self, form)(request)


class ActualitePage(VocabularyTagged, Page):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACTUALITE)
    date = models.DateField(_("date"), default=datetime.date.today)
    chapo = models.TextField(_("standfirst"), blank=True,
                             help_text=_("A few lines shown in lists and at the top of the page."))
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("image"))
    image_alt = models.CharField(_("alternative text of the image"), max_length=255, blank=True,
                                 help_text=_("Leave empty if the image is decorative."))
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("content"))
    source_title = models.CharField(
        _("source"), max_length=255, blank=True,
        help_text=_("The article, book, report or programme this item refers to (required for "
                    "« lu, vu, entendu »)."))
    source_detail = models.CharField(_("author, publisher, year"), max_length=255, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("date")], heading=_("News item")),
        FieldPanel("chapo"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("source_title"), FieldPanel("source_detail"), FieldPanel("source_url")],
                        heading=_("Source")),
        VocabularyTagged.vocabulary_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("chapo"),
        index.SearchField("body"),
        index.SearchField("source_title"),
        index.SearchField("source_detail"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    parent_page_types = ["actualites.ActualitesIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def clean(self):
        super().clean()
        if self.kind == Kind.LU_VU_ENTENDU and not self.source_title:
            raise ValidationError({"source_title": _(
                "Name the article, book or programme that this « lu, vu, entendu » refers to.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_vocabulary()
        context["index"] = self.get_parent()  # only its URL is used
        return context

