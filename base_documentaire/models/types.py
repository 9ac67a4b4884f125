"""The document types: a vocabulary managed in the admin, with the one table of export mappings.

Each row says how the type is written in the other vocabularies (RIS, BibTeX, CSL, schema.org,
Dublin Core, UNIMARC); every exporter and importer reads these columns (through
base_documentaire.document_types, cached per process) instead of keeping its own table.
"""
from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.utils.translation import gettext_lazy as _


class TypeDocument(models.Model):
    """A document type: code (kept in the notices' ``type_document`` column), label, aliases."""

    # Codes of the default list, for code that names a type (the rows are data: see migration 0007).
    ACTES, DOSSIER, FICHE_EXPERIENCE, GUIDE = "actes", "dossier", "fiche_experience", "guide"
    SYNTHESE, RAPPORT, OUVRAGE, ARTICLE, REVUE = "synthese", "rapport", "ouvrage", "article", "revue"
    PODCAST, VIDEO, DOSSIER_PRESSE, BIBLIOGRAPHIE = "podcast", "video", "dossier_presse", "bibliographie"
    TEXTE_OFFICIEL, KIT, AUTRE = "texte_officiel", "kit", "autre"
    RECUEIL, NUMERO_REVUE, MEMOIRE, SITE_WEB = "recueil", "numero_revue", "memoire", "site_web"

    code = models.SlugField(_("code"), max_length=30, unique=True,
                            help_text=_("Stable identifier stored on the notices and written in exports."))
    libelle = models.CharField(_("label"), max_length=100, unique=True)
    alias = models.TextField(_("aliases"), blank=True,
                             help_text=_("Other names met in imports, one per line (case and accents ignored)."))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="enfants",
                               verbose_name=_("broader type"))
    ris_type = models.CharField(_("RIS type (TY)"), max_length=10, blank=True, help_text=_("e.g. RPRT, BOOK, JOUR."))
    bibtex_type = models.CharField(_("BibTeX entry type"), max_length=30, blank=True,
                                   help_text=_("e.g. techreport, book, article."))
    csl_type = models.CharField(_("CSL type"), max_length=30, blank=True,
                                help_text=_("e.g. report, book, article-journal."))
    schema_org_type = models.CharField(_("schema.org type"), max_length=50, blank=True,
                                       help_text=_("e.g. Report, Book, ScholarlyArticle."))
    dcmi_type = models.CharField(_("Dublin Core type (DCMI)"), max_length=30, blank=True,
                                 help_text=_("e.g. Text, Sound, MovingImage."))
    unimarc_type_notice = models.CharField(
        _("UNIMARC record type (leader 6–7)"), max_length=2, blank=True,
        help_text=_("Leader positions 6 and 7, e.g. am (printed text, monograph), as (serial), gm (video)."))
    unimarc_200b = models.CharField(_("UNIMARC general material designation (200$b)"), max_length=100,
                                    blank=True, help_text=_("e.g. Texte imprimé, Enregistrement sonore."))

    class Meta:
        ordering = ["libelle"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def __str__(self):
        return self.libelle

    def alias_list(self):
        return [line.strip() for line in self.alias.splitlines() if line.strip()]


class _CodeOrTypeDescriptor(ForwardManyToOneDescriptor):
    """``notice.type_document = "rapport"`` (or ``Notice(type_document="rapport")``) sets the code,
    as when the column was a plain code: importers, fixtures and other apps name types by code."""

    def __set__(self, instance, value):
        if isinstance(value, str):
            if self.field.is_cached(instance):
                self.field.delete_cached_value(instance)
            setattr(instance, self.field.attname, value)
            return
        super().__set__(instance, value)


class TypeDocumentField(models.ForeignKey):
    """The notice's type: a reference by code to a `TypeDocument` that also accepts the code itself."""

    forward_related_accessor_class = _CodeOrTypeDescriptor

    def deconstruct(self):  # migrations see a plain ForeignKey
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs
