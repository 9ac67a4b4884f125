"""Admin of the documentary base: notices (drafts, revisions, workflow, locking), vocabularies,
contributors, candidate terms and the extraction status of files."""
from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.engines import get_engine

from . import indexing
from .admin_extension import ExtensibleViewsMixin
from .doublons import admin as doublons_admin
from . import candidates_admin
from . import file_access
from . import skos_admin
from . import territory_autocomplete  # every admin form's territories: an autocomplete (and its URL)
from .models import Contributeur, Fichier, Notice, TermeCandidat, Territoire, Theme, TypeDocument


# Other apps may wrap every view (reseau.contribution keeps partners to their own centre's notices).
class NoticeViewSet(ExtensibleViewsMixin, SnippetViewSet):
    model = Notice
    icon = "doc-full"
    menu_label = _("Notices")
    list_display = ["titre", Column("type_document", label=_("document type"), accessor="get_type_document_display"),
                    "annee", "contributeur", "updated_at",
                    doublons_admin.DoublonsColumn()]
    list_filter = ["type_document", "contributeur", "live", "langue"]
    search_fields = ["titre", "sous_titre", "resume", "external_id", "isbn"]
    search_backend_name = None  # plain database lookups: the admin never needs the public engine
    list_per_page = 50

    @property
    def filterset_class(self):  # list_filter plus "possible duplicates to handle"
        return doublons_admin.notice_filterset(self.model, self.list_filter)

    edit_handler = TabbedInterface([
        ObjectList([
            doublons_admin.DoublonsPanel(),  # the notice's pending pairs, if any
            doublons_admin.AliasesPanel(),  # the identifiers of the notices merged into it, if any
            FieldPanel("titre"), FieldPanel("sous_titre"),
            # A plain list (the types are few; a snippet chooser would look them up by id, not by code).
            FieldRowPanel([FieldPanel("type_document", widget=forms.Select), FieldPanel("langue")]),
            InlinePanel("auteurs", label=_("Authors")),
            MultiFieldPanel([
                FieldRowPanel([FieldPanel("editeur"), FieldPanel("lieu_edition"), FieldPanel("edition")]),
                FieldRowPanel([FieldPanel("annee"), FieldPanel("date_publication"), FieldPanel("collation")]),
                FieldRowPanel([FieldPanel("collection"), FieldPanel("isbn"), FieldPanel("issn")]),
            ], heading=_("Publication")),
            FieldPanel("resume"),
        ], heading=_("Description")),
        ObjectList([
            FieldPanel("themes"), FieldPanel("territoires"), FieldPanel("mots_cles"),
            # Labels an import met that no vocabulary declares yet: decided in Candidate terms.
            FieldPanel("termes_candidats", read_only=True, heading=_("Pending labels")),
        ], heading=_("Indexing")),
        ObjectList([
            InlinePanel("fichiers", label=_("Files")),
            InlinePanel("liens", label=_("Links")),
            InlinePanel("exemplaires", label=_("Copies")),
        ], heading=_("Access")),
        ObjectList([
            FieldPanel("contributeur"), FieldPanel("external_id"),
            FieldPanel("contributeurs_associes"),
            FieldPanel("note_publique"), FieldPanel("note_privee"),
        ], heading=_("Management")),
    ])


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thesaurus")
    list_display = ["nom", "parent"]
    search_fields = ["nom", "synonymes"]
    search_backend_name = None
    index_view_class = skos_admin.ThemeIndexView  # its actions menu: SKOS export and import
    panels = [FieldPanel("nom"), FieldPanel("parent"), FieldPanel("synonymes"), FieldPanel("note"),
              FieldPanel("associes", widget=skos_admin.RelatedTermsChooser)]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + skos_admin.urlpatterns(self)


class TypeDocumentViewSet(SnippetViewSet):
    model = TypeDocument
    icon = "doc-empty-inverse"
    menu_label = _("Document types")
    list_display = ["libelle", "code", "parent", "ris_type", "unimarc_type_notice"]
    search_fields = ["libelle", "code", "alias"]
    search_backend_name = None
    panels = [
        FieldRowPanel([FieldPanel("libelle"), FieldPanel("code")]), FieldPanel("parent"), FieldPanel("alias"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("ris_type"), FieldPanel("bibtex_type"), FieldPanel("csl_type")]),
            FieldRowPanel([FieldPanel("schema_org_type"), FieldPanel("dcmi_type")]),
            FieldRowPanel([FieldPanel("unimarc_type_notice"), FieldPanel("unimarc_200b")]),
        ], heading=_("Export mappings")),
    ]


class TerritoireViewSet(SnippetViewSet):
    model = Territoire
    icon = "site"
    menu_label = _("Territories")
    list_display = ["libelle", "niveau", "code"]
    list_filter = ["niveau"]
    search_fields = ["nom", "code", "synonymes"]
    search_backend_name = None
    list_per_page = 100
    # Foreign keys to a territory get the autocomplete, not this chooser's widget (territory_autocomplete).
    chooser_viewset_class = territory_autocomplete.TerritoryChooserViewSet
    panels = [FieldPanel("niveau"), FieldPanel("code"), FieldPanel("nom"), FieldPanel("synonymes"),
              FieldPanel("parents")]


class ContributeurViewSet(SnippetViewSet):
    model = Contributeur
    icon = "group"
    menu_label = _("Contributors")
    list_display = ["nom", "code", "region"]
    panels = [FieldPanel("nom"), FieldPanel("code"), FieldPanel("region")]


class TermeCandidatViewSet(SnippetViewSet):
    model = TermeCandidat
    icon = "help"
    menu_label = _("Candidate terms")
    list_filter = ["vocabulaire"]
    panels = [FieldPanel("vocabulaire"), FieldPanel("libelle")]

    @property
    def list_display(self):
        return ["libelle", "vocabulaire", "occurrences", "vu_le",
                candidates_admin.DecideColumn(self.get_url_name("map"))]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + candidates_admin.urlpatterns(self)


class BaseDocumentaireGroup(SnippetViewSetGroup):
    menu_label = _("Documentary base")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (NoticeViewSet, ThemeViewSet, TypeDocumentViewSet, TerritoireViewSet, ContributeurViewSet,
             TermeCandidatViewSet)


register_snippet(BaseDocumentaireGroup)


class FichierTexteViewSet(ExtensibleViewsMixin, ModelViewSet):  # partners see their own files
    """Read-only view of what text extraction gave for each file."""

    model = Fichier
    icon = "doc-empty"
    menu_label = _("File text extraction")
    add_to_admin_menu = False
    list_display = ["title", "type_mime", "pages", "extraction_statut", "ocr_statut", "prive"]
    list_filter = ["extraction_statut", "ocr_statut", "prive"]
    search_fields = ["title"]
    search_backend_name = None
    form_fields = ["prive"]
    inspect_view_enabled = True


fichier_texte_viewset = FichierTexteViewSet("fichiers_texte")


@hooks.register("register_admin_viewset")
def register_fichier_texte_viewset():
    return fichier_texte_viewset


@hooks.register("register_settings_menu_item")
def fichier_texte_menu_item():
    return fichier_texte_viewset.get_menu_item()


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def warn_when_index_lags(request, instance):
    if isinstance(instance, Notice) and indexing.is_pending(instance.pk) and not get_engine().ping().up:
        messages.warning(request, _(
            "The notice is saved, but the search engine is unavailable: it will be indexed "
            "automatically as soon as the engine answers again."
        ))


# Files follow their notices' visibility; private ones are for those who may see a notice using them.
hooks.register("before_serve_document", file_access.check_download)


# -- Doublons (duplicate detection and merge, base_documentaire/doublons/) ----------------------
@hooks.register("register_admin_urls")
def register_doublons_urls():
    from django.urls import include, path

    return [path("doublons/", include((doublons_admin.urlpatterns(), "doublons"), namespace="doublons"))]


@hooks.register("register_admin_menu_item")
def doublons_menu_item():
    return doublons_admin.menu_item()


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def doublons_warn_after_save(request, instance):
    if isinstance(instance, Notice):
        doublons_admin.warn_after_save(request, instance)
