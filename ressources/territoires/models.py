"""Fiches territoires: an index page and one page per territoire of interest.

A fiche presents its territoire (text, chiffres clés, documents de référence) and lists, without
editing, the QPV it contains and what the site holds on it and on the territories below it
(notices, acteurs, events, publications: every source registered in `ressources.related`).
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultipleChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from base_documentaire.models import Notice, Territoire

from .blocks import ChiffresClesStreamBlock

# Levels from the broadest to the narrowest: the order of the index page's groups.
NIVEAUX = [value for value, _label in Territoire.Niveau.choices]
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class TerritoiresIndexPage(Page):
    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["territoires.FicheTerritoirePage"]
    max_count = 1

    class Meta:
        verbose_name = _("territories index page")

    def get_context(self, request, *args, **kwargs):
        from .views import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(request, self))
        return context


class FicheTerritoirePage(Page):
    territoire = models.OneToOneField(
        Territoire, on_delete=models.PROTECT, related_name="fiche", verbose_name=_("territory"),
        error_messages={"unique": _("This territory already has a sheet.")},
        help_text=_("Each territory has at most one sheet."))
    presentation = RichTextField(_("presentation"), blank=True, features=RICH_TEXT_FEATURES)
    chiffres_cles = StreamField(ChiffresClesStreamBlock(), blank=True, verbose_name=_("key figures"))

    content_panels = Page.content_panels + [
        FieldPanel("territoire"),
        FieldPanel("presentation"),
        FieldPanel("chiffres_cles"),
        MultipleChooserPanel("documents_reference", chooser_field_name="notice", label=_("Reference documents"),
                             heading=_("Reference documents (contrat de ville…)")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("presentation"),
        index.RelatedFields("territoire", [index.SearchField("nom"), index.SearchField("code")]),
    ]
    parent_page_types = ["territoires.TerritoiresIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("territory sheet")
        verbose_name_plural = _("territory sheets")

    def clean(self):
        super().clean()
        if self.territoire_id is None:
            return
        other = FicheTerritoirePage.objects.filter(territoire_id=self.territoire_id).exclude(pk=self.pk).first()
        if other is not None:
            raise ValidationError({"territoire": _(
                'The territory %(territoire)s already has a sheet: "%(title)s". Edit that sheet instead of '
                "creating another one.") % {"territoire": self.territoire.libelle, "title": other.title}})

    def get_context(self, request, *args, **kwargs):
        from .views import fiche_context

        context = super().get_context(request, *args, **kwargs)
        context.update(fiche_context(request, self))
        return context


class DocumentReference(Orderable):
    """A notice of the documentary base chosen as a reference document of a fiche."""

    page = ParentalKey(FicheTerritoirePage, on_delete=models.CASCADE, related_name="documents_reference")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="+", verbose_name=_("notice"))

    panels = [FieldPanel("notice")]

    class Meta(Orderable.Meta):
        verbose_name = _("reference document")
        verbose_name_plural = _("reference documents")
