"""Shared vocabularies: the thesaurus of thèmes, the territoires, the contributing centres."""
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from base_documentaire.text import fold


class Theme(index.Indexed, models.Model):
    """A thesaurus term: preferred label, synonyms ("employé pour"), broader term, scope note."""

    nom = models.CharField(_("preferred term"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="enfants", verbose_name=_("broader term")
    )
    synonymes = models.TextField(
        _("used for (synonyms)"), blank=True, help_text=_("One synonym or acronym per line, e.g. QPV.")
    )
    note = models.TextField(_("scope note"), blank=True)
    associes = models.ManyToManyField("self", blank=True, verbose_name=_("related terms"),
                                      help_text=_("Terms to see also (SKOS related), both ways."))

    search_fields = [index.SearchField("nom"), index.AutocompleteField("nom"), index.SearchField("synonymes")]

    class Meta:
        ordering = ["nom"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.slug = self.slug or slugify(self.nom)[:200]
        super().save(*args, **kwargs)

    def synonym_list(self):
        return [line.strip() for line in self.synonymes.splitlines() if line.strip()]


class Territoire(index.Indexed, models.Model):
    """A territory with its official code; parents give the hierarchy (a QPV may span communes)."""

    class Niveau(models.TextChoices):
        REGION = "region", _("Region")
        DEPARTEMENT = "departement", _("Département")
        EPCI = "epci", _("EPCI")
        COMMUNE = "commune", _("Commune")
        QPV = "qpv", _("Priority neighbourhood (QPV)")

    niveau = models.CharField(_("level"), max_length=20, choices=Niveau.choices)
    code = models.CharField(_("official code"), max_length=20)
    nom = models.CharField(_("name"), max_length=200)
    libelle = models.CharField(_("label"), max_length=255, unique=True, editable=False)
    parents = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="enfants",
                                     verbose_name=_("parent territories"))
    synonymes = models.TextField(
        _("also written (aliases)"), blank=True,
        help_text=_("One alternative spelling per line, as met in imports (e.g. Garges les Gonesse)."))

    search_fields = [index.SearchField("nom"), index.AutocompleteField("libelle"), index.FilterField("niveau")]

    class Meta:
        ordering = ["libelle"]
        constraints = [models.UniqueConstraint(fields=["niveau", "code"], name="territoire_niveau_code_unique")]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self):
        return self.libelle

    def save(self, *args, **kwargs):
        self.libelle = self.libelle or self.default_label()
        super().save(*args, **kwargs)

    def default_label(self):
        """Names repeat across levels (Paris, commune and département): the label disambiguates."""
        if self.niveau == self.Niveau.COMMUNE:
            return f"{self.nom} ({self.code[:2]})"
        if self.niveau == self.Niveau.QPV:
            return f"{self.nom} ({self.code})"
        return self.nom


class Contributeur(models.Model):
    """A centre de ressources that catalogues notices (this centre or a network partner)."""

    nom = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("short code"), max_length=30, unique=True)
    region = models.ForeignKey(Territoire, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               limit_choices_to={"niveau": Territoire.Niveau.REGION}, verbose_name=_("region"))

    class Meta:
        ordering = ["nom"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return self.nom


class TermeCandidat(models.Model):
    """A theme, territory or document type label met in an import that matched no vocabulary entry;
    the notices that carry it keep it (``Notice.termes_candidats``) until it is mapped or promoted."""

    class Vocabulaire(models.TextChoices):
        THEME = "theme", _("Theme")
        TERRITOIRE = "territoire", _("Territory")
        TYPE = "type_document", _("Document type")

    vocabulaire = models.CharField(_("vocabulary"), max_length=20, choices=Vocabulaire.choices)
    libelle = models.CharField(_("label"), max_length=255)
    cle = models.CharField(max_length=255, editable=False)
    occurrences = models.PositiveIntegerField(_("occurrences"), default=0)
    vu_le = models.DateTimeField(_("last seen"), auto_now=True)

    class Meta:
        ordering = ["-occurrences"]
        constraints = [models.UniqueConstraint(fields=["vocabulaire", "cle"], name="terme_candidat_unique")]
        verbose_name = _("candidate term")
        verbose_name_plural = _("candidate terms")

    def __str__(self):
        return self.libelle

    def save(self, *args, **kwargs):
        self.cle = fold(self.libelle)
        super().save(*args, **kwargs)
