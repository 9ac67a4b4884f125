"""The Notice: a bibliographic record, edited in the admin with drafts, revisions,
moderation workflow and locking, published through the documentary search page."""
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin, WorkflowMixin

from base_documentaire.doublons.keys import isbn_key, title_key, title_start

from .types import TypeDocument, TypeDocumentField
from .vocabularies import Contributeur, TermeCandidat, Territoire, Theme


class Langue(models.TextChoices):
    FRANCAIS = "fre", _("French")
    ANGLAIS = "eng", _("English")
    ALLEMAND = "ger", _("German")
    ESPAGNOL = "spa", _("Spanish")
    ITALIEN = "ita", _("Italian")
    AUTRE = "und", _("Other")


# BCP 47 tags of the languages (schema.org, RIS, CSL): the codes above are ISO 639-2/B (MARC, PMB).
LANGUAGE_TAGS = {Langue.FRANCAIS: "fr", Langue.ANGLAIS: "en", Langue.ALLEMAND: "de", Langue.ESPAGNOL: "es",
                 Langue.ITALIEN: "it"}


class NoticeMotCle(TaggedItemBase):
    content_object = ParentalKey("Notice", related_name="mots_cles_items", on_delete=models.CASCADE)


class Notice(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    titre = models.CharField(_("title"), max_length=500)
    sous_titre = models.CharField(_("subtitle"), max_length=500, blank=True)
    # The type's code is the column's value (existing rows kept theirs); empty: an undeclared type,
    # whose label as written waits among the notice's candidate terms.
    type_document = TypeDocumentField(TypeDocument, to_field="code", db_column="type_document", null=True,
                                  blank=True, default=TypeDocument.RAPPORT, on_delete=models.PROTECT,
                                  related_name="notices", verbose_name=_("document type"))
    editeur = models.CharField(_("publisher"), max_length=255, blank=True)
    lieu_edition = models.CharField(_("place of publication"), max_length=255, blank=True)
    annee = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    date_publication = models.DateField(_("exact date"), null=True, blank=True)
    edition = models.CharField(_("edition statement"), max_length=255, blank=True)
    collation = models.CharField(_("collation (pages)"), max_length=100, blank=True)
    collection = models.CharField(_("series"), max_length=255, blank=True)
    isbn = models.CharField("ISBN", max_length=20, blank=True, db_index=True)
    issn = models.CharField("ISSN", max_length=9, blank=True)
    langue = models.CharField(_("language"), max_length=3, choices=Langue.choices, default=Langue.FRANCAIS)
    resume = models.TextField(_("abstract"), blank=True)
    themes = ParentalManyToManyField(Theme, blank=True, related_name="notices", verbose_name=_("themes"))
    territoires = ParentalManyToManyField(Territoire, blank=True, related_name="notices",
                                          verbose_name=_("territories"))
    termes_candidats = ParentalManyToManyField(
        TermeCandidat, blank=True, related_name="notices", verbose_name=_("pending labels"),
        help_text=_("Labels met in an import that no vocabulary declares yet: kept as written until a "
                    "documentalist maps or creates them (Candidate terms)."))
    mots_cles = ClusterTaggableManager(through=NoticeMotCle, blank=True, verbose_name=_("free keywords"))
    contributeur = models.ForeignKey(Contributeur, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="notices", verbose_name=_("contributor"))
    external_id = models.CharField(_("external identifier"), max_length=255, blank=True, db_index=True,
                                   help_text=_("Identifier in the source base (imports)."))
    note_publique = models.TextField(_("public note"), blank=True)
    note_privee = models.TextField(_("private note"), blank=True, help_text=_("Never shown to the public."))
    # Doublons (duplicate detection, base_documentaire/doublons/): normalised keys kept up to date
    # by save(), and the other centres that catalogued the document (kept by a merge).
    titre_cle = models.CharField(max_length=255, blank=True, editable=False)
    titre_debut = models.CharField(max_length=20, blank=True, editable=False)
    isbn_cle = models.CharField(max_length=13, blank=True, editable=False, db_index=True)
    contributeurs_associes = ParentalManyToManyField(
        Contributeur, blank=True, related_name="notices_associees", verbose_name=_("associated contributors"),
        help_text=_("Other centres that catalogued this document (kept when duplicates are merged)."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="notice")
    workflow_states = GenericRelation("wagtailcore.WorkflowState", content_type_field="base_content_type",
                                      object_id_field="object_id", related_query_name="notice",
                                      for_concrete_model=False)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["contributeur", "external_id"], condition=~models.Q(external_id=""),
                                    name="notice_external_id_unique_per_contributeur"),
        ]
        indexes = [models.Index(fields=["annee", "titre_debut"], name="notice_annee_titre_debut")]

    def __str__(self):
        return self.titre

    def save(self, *args, **kwargs):
        # Doublons: the keys duplicate detection looks up, written with the fields they come from.
        self.titre_cle, self.isbn_cle = title_key(self.titre), isbn_key(self.isbn)
        self.titre_debut = title_start(self.titre_cle)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"titre", "isbn"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "titre_cle", "titre_debut", "isbn_cle"}
        super().save(*args, **kwargs)

    def get_type_document_display(self):
        """The type's label; for an undeclared type, its label as the source wrote it."""
        from base_documentaire import document_types

        if self.type_document_id:
            return document_types.label(self.type_document_id)
        return next(iter(self.pending_labels(TermeCandidat.Vocabulaire.TYPE)), "")

    def pending_labels(self, vocabulaire=None):
        """The labels of the notice's candidate terms (of one vocabulary), as written."""
        return [candidate.libelle for candidate in self.termes_candidats.all()
                if vocabulaire is None or candidate.vocabulaire == vocabulaire]

    def pending_subject_labels(self):
        """The thème and territoire labels waiting to be mapped, as written."""
        subjects = (TermeCandidat.Vocabulaire.THEME, TermeCandidat.Vocabulaire.TERRITOIRE)
        return [candidate.libelle for candidate in self.termes_candidats.all() if candidate.vocabulaire in subjects]

    @property
    def revisions(self):
        return self._revisions

    def get_absolute_url(self):
        from .pages import BaseDocumentairePage

        return BaseDocumentairePage.current().notice_url(self)


class NoticeAuteur(Orderable):
    class Nature(models.TextChoices):
        PERSONNE = "personne", _("Person")
        COLLECTIVITE = "collectivite", _("Organisation")

    notice = ParentalKey(Notice, related_name="auteurs", on_delete=models.CASCADE)
    nom = models.CharField(_("name"), max_length=255, help_text=_("Person: Last name, First name."))
    nature = models.CharField(_("kind"), max_length=20, choices=Nature.choices, default=Nature.PERSONNE)
    role = models.CharField(_("role"), max_length=100, blank=True, help_text=_("e.g. director of publication"))

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.nom


class NoticeLien(Orderable):
    notice = ParentalKey(Notice, related_name="liens", on_delete=models.CASCADE)
    url = models.URLField(_("address"), max_length=1000)
    libelle = models.CharField(_("label"), max_length=255, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")


class Exemplaire(Orderable):
    """A paper copy available on loan or for reading on site."""

    class Disponibilite(models.TextChoices):
        DISPONIBLE = "disponible", _("Available")
        EMPRUNTE = "emprunte", _("On loan")
        SUR_PLACE = "sur_place", _("Reading room only")

    notice = ParentalKey(Notice, related_name="exemplaires", on_delete=models.CASCADE)
    localisation = models.ForeignKey(Contributeur, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("held by"))
    cote = models.CharField(_("shelf mark"), max_length=100, blank=True)
    disponibilite = models.CharField(_("availability"), max_length=20, choices=Disponibilite.choices,
                                     default=Disponibilite.DISPONIBLE)

    class Meta(Orderable.Meta):
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
