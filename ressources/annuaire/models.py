"""Acteurs of politique de la ville: organisations, and the people linked to them."""
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.search import index

from base_documentaire.models import Contributeur
from ressources.vocabulary import VocabularyTagged


class TypeActeur(models.TextChoices):
    COLLECTIVITE = "collectivite", _("Local authority")
    EPCI = "epci", _("EPCI")
    ETAT = "etat", _("State service")
    ASSOCIATION = "association", _("Association")
    BAILLEUR = "bailleur", _("Social landlord")
    CENTRE_SOCIAL = "centre_social", _("Social centre")
    CONSEIL_CITOYEN = "conseil_citoyen", _("Citizens' council")
    CENTRE_RESSOURCES = "centre_ressources", _("Resource centre")
    CABINET = "cabinet", _("Consultancy / expert")
    RESEAU = "reseau", _("Network")
    UNIVERSITE = "universite", _("University / research")
    ENTREPRISE = "entreprise", _("Company")
    AUTRE = "autre", _("Other")


class Acteur(index.Indexed, VocabularyTagged, ClusterableModel):
    """An organisation: its public contact details only (people are `Personne`)."""

    nom = models.CharField(_("name"), max_length=255)
    sigle = models.CharField(_("acronym"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, blank=True)
    type_acteur = models.CharField(_("type"), max_length=30, choices=TypeActeur.choices, default=TypeActeur.AUTRE)
    description = models.TextField(_("description"), blank=True)
    adresse = models.TextField(_("address"), blank=True)
    telephone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    site_web = models.URLField(_("website"), max_length=500, blank=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("logo"))
    contributeur = models.OneToOneField(Contributeur, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="acteur", verbose_name=_("contributor in the documentary base"),
                                        help_text=_("For resource centres that catalogue notices."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("nom", boost=3), index.SearchField("sigle", boost=3), index.SearchField("description"),
        index.AutocompleteField("nom"), index.FilterField("type_acteur"),
    ]

    class Meta:
        ordering = ["nom"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self):
        return f"{self.nom} ({self.sigle})" if self.sigle else self.nom

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        base = slugify(self.sigle or self.nom)[:240] or "acteur"
        slug, number = base, 2
        while Acteur.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug
