"""Publications of the centre: actes, dossiers, guides, podcasts, vidéos, fiches expérience and the
issues of its newsletters.

Every kind of publication is a `Publication` (one table for the fields they share: kind, date,
résumé, auteurs, cover, files, thèmes, territoires, the linked notice), so one query lists them all
and `notices.py` maps each of them to its notice of the base documentaire the same way.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from base_documentaire.models.notices import TypeDocument
from ressources.blocks import ContentBlock
from ressources.pages import first_live, public
from ressources.vocabulary import VocabularyTagged

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class Kind(models.TextChoices):
    ACTES = "actes", _("Proceedings")
    DOSSIER = "dossier", _("Thematic dossier")
    FICHE_EXPERIENCE = "fiche_experience", _("Experience sheet")
    SYNTHESE = "synthese", _("Synthesis")
    GUIDE = "guide", _("Methodological guide")
    ETUDE = "etude", _("Study")
    RECUEIL = "recueil", _("Collection")
    DOSSIER_PRESSE = "dossier_presse", _("Press kit")
    KIT = "kit", _("Teaching kit")
    PODCAST = "podcast", _("Podcast")
    VIDEO = "video", _("Video / replay")
    LETTRE = "lettre", _("Newsletter")


# The notice's document type for each kind of publication.
KIND_TO_TYPE_DOCUMENT = {
    Kind.ACTES: TypeDocument.ACTES,
    Kind.DOSSIER: TypeDocument.DOSSIER,
    Kind.FICHE_EXPERIENCE: TypeDocument.FICHE_EXPERIENCE,
    Kind.SYNTHESE: TypeDocument.SYNTHESE,
    Kind.GUIDE: TypeDocument.GUIDE,
    Kind.ETUDE: TypeDocument.RAPPORT,
    Kind.RECUEIL: TypeDocument.RECUEIL,
    Kind.DOSSIER_PRESSE: TypeDocument.DOSSIER_PRESSE,
    Kind.KIT: TypeDocument.KIT,
    Kind.PODCAST: TypeDocument.PODCAST,
    Kind.VIDEO: TypeDocument.VIDEO,
    Kind.LETTRE: TypeDocument.REVUE,
}


class PublicationsIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["publications.PublicationPage", "publications.FicheExperiencePage",
                     "publications.LettreInformationIndexPage"]

    class Meta:
        verbose_name = _("publications index page")

    def publications(self):
        """Published publications below this index (newsletter issues included), newest first."""
        return (public(Publication.objects.descendant_of(self).live())
                .order_by("-date", "-first_published_at", "-pk"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["newsletters"] = public(LettreInformationIndexPage.objects.child_of(self).live())
        return context

    @path("")
    def listing_view(self, request):
        from .views import listing

        return listing(request, self)

    @path("flux/")
    def feed_view(self, request):
        from .views import feed

        return feed(request, self)


class Publication(VocabularyTagged, Page):
    """What every publication has; not created as such (see the page types below)."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOSSIER)
    date = models.DateField(_("publication date"), default=datetime.date.today)
    resume = models.TextField(_("abstract"), blank=True,
                              help_text=_("A few lines shown in lists, in the feed and in the notice."))
    cover = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("cover image"))
    cover_alt = models.CharField(_("alternative text of the cover"), max_length=255, blank=True,
                                 help_text=_("Leave empty if the image is decorative."))
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("content"))
    notice = models.OneToOneField(
        "base_documentaire.Notice", null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="publication_page", verbose_name=_("notice in the documentary base"),
        help_text=_("Created and updated when the page is published: the page is the source of truth, "
                    "publishing it again overwrites changes made to the notice."))

    is_creatable = False
    parent_page_types = ["publications.PublicationsIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["notice"]  # a copy gets its own notice when it is published
    search_fields = Page.search_fields + [
        index.SearchField("resume"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    @staticmethod
    def shared_panels(kinds=True):
        """Panels of the shared fields; `kinds=False` for page types whose kind is fixed."""
        head = [FieldPanel("kind"), FieldPanel("date")] if kinds else [FieldPanel("date")]
        return [
            MultiFieldPanel(head + [FieldPanel("resume")], heading=_("Publication")),
            InlinePanel("auteurs", label=_("Authors")),
            MultiFieldPanel([FieldPanel("cover"), FieldPanel("cover_alt")], heading=_("Cover")),
        ]

    @staticmethod
    def files_panels():
        return [InlinePanel("fichiers", label=_("Files"),
                            help_text=_("Private files stay private: they are neither listed on the page "
                                        "nor attached to the notice."))]

    def public_files(self):
        """The attached files the public may download, in the editor's order."""
        return [item for item in self.fichiers.select_related("fichier") if not item.fichier.prive]

    def author_names(self):
        return [author.display_name for author in self.auteurs.select_related("acteur")]

    def index_page(self):
        """The publications index this publication is listed in."""
        return PublicationsIndexPage.objects.ancestor_of(self).live().order_by("-depth").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_vocabulary()
        context["index"] = self.index_page()
        context["auteurs"] = list(self.auteurs.select_related("acteur"))
        context["files"] = self.public_files()
        context["notice_url"] = self.notice_url(request)
        return context

    def notice_url(self, request=None):
        """The permalink of this publication's notice, while it is published."""
        from base_documentaire.models import BaseDocumentairePage, Notice

        if not self.notice_id or not Notice.objects.filter(pk=self.notice_id, live=True).exists():
            return ""
        page = first_live(BaseDocumentairePage)
        return page.get_url(request) + page.reverse_subpage("notice_view", args=[self.notice_id]) if page else ""


class PublicationAuteur(Orderable):
    """An author: a name, or an organisation of the annuaire (or both)."""

    page = ParentalKey(Publication, related_name="auteurs", on_delete=models.CASCADE)
    nom = models.CharField(_("name"), max_length=255, blank=True,
                           help_text=_("Leave empty to use the name of the chosen actor."))
    acteur = models.ForeignKey("annuaire.Acteur", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="publications", verbose_name=_("actor of the directory"))

    panels = [FieldPanel("nom"), FieldPanel("acteur")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.nom or (self.acteur.nom if self.acteur_id else "")

    def clean(self):
        super().clean()
        if not self.nom.strip() and not self.acteur_id:
            raise ValidationError({"nom": _("Give the author's name or choose an actor.")})


class PublicationFichier(Orderable):
    page = ParentalKey(Publication, related_name="fichiers", on_delete=models.CASCADE)
    fichier = models.ForeignKey("base_documentaire.Fichier", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("file"))
    libelle = models.CharField(_("label"), max_length=255, blank=True,
                               help_text=_("Leave empty to use the file's title."))

    panels = [FieldPanel("fichier"), FieldPanel("libelle")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    @property
    def label(self):
        return self.libelle or self.fichier.title


class PublicationPage(Publication):
    """A publication of any kind: document(s), podcast (audio and transcript) or video."""

    audio = models.ForeignKey("base_documentaire.Fichier", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("audio file"),
                              help_text=_("The podcast's sound file (MP3, OGG…)."))
    transcript = RichTextField(_("transcript"), blank=True, features=RICH_TEXT_FEATURES,
                               help_text=_("Required for a podcast: people who cannot hear it read it."))
    video_url = models.URLField(_("video address"), max_length=500, blank=True,
                                help_text=_("YouTube, Vimeo, Dailymotion… page of the video or replay."))

    content_panels = Page.content_panels + Publication.shared_panels() + [
        FieldPanel("body"),
        *Publication.files_panels(),
        MultiFieldPanel([FieldPanel("audio"), FieldPanel("transcript")], heading=_("Podcast")),
        FieldPanel("video_url"),
        VocabularyTagged.vocabulary_panel(),
    ]
    search_fields = Publication.search_fields + [index.SearchField("transcript")]
    parent_page_types = ["publications.PublicationsIndexPage"]
    subpage_types = []
    is_creatable = True

    class Meta:
        verbose_name = _("publication page")
        verbose_name_plural = _("publication pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["audio"] = self.audio if self.audio_id and not self.audio.prive else None
        return context

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == Kind.PODCAST:
            if not self.audio_id:
                errors["audio"] = _("A podcast needs its audio file.")
            if not self.transcript.strip():
                errors["transcript"] = _("A podcast needs its transcript.")
        if self.audio_id and self.audio.prive:
            errors["audio"] = _("This audio file is private: the public could not listen to it.")
        if self.kind == Kind.VIDEO and not self.video_url:
            errors["video_url"] = _("A video needs the address of the video or replay.")
        if self.kind in (Kind.FICHE_EXPERIENCE, Kind.LETTRE):
            errors["kind"] = _("Create an experience sheet or a newsletter issue with their own page type.")
        if errors:
            raise ValidationError(errors)


class FicheExperiencePage(Publication):
    """A project told in the centre's "fiche type": contexte, déroulement, objectifs, bilan, contact."""

    porteur = models.ForeignKey("annuaire.Acteur", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="fiches_experience", verbose_name=_("project holder"))
    date_debut = models.DateField(_("start date"), null=True, blank=True)
    date_fin = models.DateField(_("end date"), null=True, blank=True)
    contexte = RichTextField(_("context"), blank=True, features=RICH_TEXT_FEATURES)
    deroulement = RichTextField(_("how it went"), blank=True, features=RICH_TEXT_FEATURES)
    objectifs = RichTextField(_("objectives"), blank=True, features=RICH_TEXT_FEATURES)
    bilan = RichTextField(_("assessment"), blank=True, features=RICH_TEXT_FEATURES)
    contact = models.ForeignKey("annuaire.Acteur", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("contact organisation"),
                                help_text=_("An organisation of the directory: its public contact details are "
                                            "shown. Never a private person."))
    contact_service = models.CharField(
        _("department or function to contact"), max_length=255, blank=True,
        help_text=_("e.g. « Service politique de la ville » or « chargé·e de mission GUP »; no personal name."))

    content_panels = Page.content_panels + Publication.shared_panels(kinds=False) + [
        MultiFieldPanel([FieldPanel("porteur"), FieldRowPanel([FieldPanel("date_debut"), FieldPanel("date_fin")])],
                        heading=_("Project")),
        FieldPanel("contexte"),
        FieldPanel("deroulement"),
        FieldPanel("objectifs"),
        FieldPanel("bilan"),
        MultiFieldPanel([FieldPanel("contact"), FieldPanel("contact_service")], heading=_("Contact")),
        *Publication.files_panels(),
        VocabularyTagged.vocabulary_panel(),
    ]
    search_fields = Publication.search_fields + [
        index.SearchField("contexte"), index.SearchField("deroulement"), index.SearchField("objectifs"),
        index.SearchField("bilan"),
    ]
    parent_page_types = ["publications.PublicationsIndexPage"]
    subpage_types = []
    is_creatable = True

    class Meta:
        verbose_name = _("experience sheet")
        verbose_name_plural = _("experience sheets")

    def save(self, *args, **kwargs):
        self.kind = Kind.FICHE_EXPERIENCE
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.kind = Kind.FICHE_EXPERIENCE
        if self.date_debut and self.date_fin and self.date_fin < self.date_debut:
            raise ValidationError({"date_fin": _("The end date must not be before the start date.")})


class LettreInformationIndexPage(Page):
    """A newsletter (e.g. « Résonances ») and the archive of its issues."""

    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["publications.PublicationsIndexPage"]
    subpage_types = ["publications.LettreInformationPage"]

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def issues(self):
        return (public(LettreInformationPage.objects.child_of(self).live())
                .order_by("-numero", "-date"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = list(self.issues().select_related("cover"))
        years = {}
        for issue in issues:
            years.setdefault(issue.date.year, []).append(issue)
        context["issues_by_year"] = sorted(years.items(), reverse=True)
        context["index"] = self.get_parent().specific
        context["issue_count"] = len(issues)
        return context


class LettreInformationPageForm(WagtailAdminPageForm):
    """Issue numbers are unique within their newsletter (checked on creation too, where the page is
    not in the tree yet but the form knows its parent)."""

    def clean(self):
        data = super().clean()
        numero = data.get("numero")
        if numero is not None and self.parent_page is not None:
            siblings = LettreInformationPage.objects.child_of(self.parent_page).filter(numero=numero)
            if siblings.exclude(pk=self.instance.pk).exists():
                self.add_error("numero", _("This newsletter already has an issue with this number."))
        return data


class LettreInformationPage(Publication):
    """One numbered issue of a newsletter."""

    numero = models.PositiveIntegerField(_("issue number"))

    content_panels = Page.content_panels + [FieldPanel("numero")] + Publication.shared_panels(kinds=False) + [
        FieldPanel("body", heading=_("Contents")),
        *Publication.files_panels(),
        VocabularyTagged.vocabulary_panel(),
    ]
    parent_page_types = ["publications.LettreInformationIndexPage"]
    subpage_types = []
    is_creatable = True
    base_form_class = LettreInformationPageForm

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def save(self, *args, **kwargs):
        self.kind = Kind.LETTRE
        super().save(*args, **kwargs)

    @property
    def newsletter_title(self):
        parent = self.get_parent()
        return parent.title if parent else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["series_title"] = self.newsletter_title
        context["series"] = _("%(title)s no. %(number)s") % {"title": context["series_title"], "number": self.numero}
        return context
