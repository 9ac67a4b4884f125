"""Acteurs of politique de la ville: organisations, the people linked to them, the directory page.

Personal data (`Personne`) is published only with a recorded consent that has not been withdrawn
(`Personne.objects.public()`); `rgpd.py` exports everything held on a person and erases it.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from base_documentaire.models import Contributeur
from ressources.pages import first_public
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

    panels = [
        MultiFieldPanel([FieldPanel("nom"), FieldPanel("sigle"), FieldPanel("slug"), FieldPanel("type_acteur")],
                        heading=_("Identification")),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("adresse"), FieldRowPanel([FieldPanel("telephone"), FieldPanel("email")]),
                         FieldPanel("site_web")], heading=_("Public contact details")),
        FieldPanel("logo"),
        VocabularyTagged.vocabulary_panel(),
        FieldPanel("contributeur"),
    ]
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

    def get_absolute_url(self):
        """The acteur's page in the directory ("" while no directory page is published)."""
        directory = AnnuairePage.current()
        return directory.acteur_url(self) if directory else ""


class PersonneQuerySet(models.QuerySet):
    def public(self):
        """People who consented to publication and have not withdrawn their consent."""
        return self.filter(consentement_publication=True, consentement_retrait__isnull=True)


class Personne(models.Model):
    """A person at an organisation. Shown to the public only with a recorded, unwithdrawn consent."""

    acteur = models.ForeignKey(Acteur, on_delete=models.CASCADE, related_name="personnes",
                               verbose_name=_("organisation"))
    nom = models.CharField(_("last name"), max_length=150)
    prenom = models.CharField(_("first name"), max_length=150, blank=True)
    fonction = models.CharField(_("position"), max_length=255, blank=True)
    email = models.EmailField(_("work e-mail"), blank=True)
    telephone = models.CharField(_("work telephone"), max_length=40, blank=True)
    consentement_publication = models.BooleanField(
        _("consents to publication"), default=False,
        help_text=_("Tick only if the person agreed to appear on the public site."))
    consentement_date = models.DateField(_("date of consent"), null=True, blank=True)
    consentement_source = models.TextField(
        _("proof of consent"), blank=True,
        help_text=_("How and where the consent was given (e-mail of…, signed form…)."))
    consentement_retrait = models.DateField(
        _("consent withdrawn on"), null=True, blank=True,
        help_text=_("From this date the person is no longer shown on the public site."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonneQuerySet.as_manager()

    panels = [
        FieldPanel("acteur"),
        FieldRowPanel([FieldPanel("prenom"), FieldPanel("nom")]),
        FieldPanel("fonction"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("telephone")]),
        MultiFieldPanel([FieldPanel("consentement_publication"), FieldPanel("consentement_date"),
                         FieldPanel("consentement_source"), FieldPanel("consentement_retrait")],
                        heading=_("Consent to publication")),
    ]

    class Meta:
        ordering = ["nom", "prenom"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return " ".join(part for part in (self.prenom, self.nom) if part)

    def clean(self):
        super().clean()
        if self.consentement_publication and not (self.consentement_date and self.consentement_source.strip()):
            raise ValidationError({"consentement_publication": _(
                "Record the date and the proof of the consent before publishing this person.")})
        if self.consentement_retrait and not self.consentement_date:
            raise ValidationError({"consentement_retrait": _("A consent can only be withdrawn after it was given.")})
        if self.consentement_retrait and self.consentement_date and self.consentement_retrait < self.consentement_date:
            raise ValidationError({"consentement_retrait": _(
                "The withdrawal cannot be earlier than the consent.")})

    @property
    def est_publique(self):
        return self.consentement_publication and self.consentement_retrait is None

    def retirer_consentement(self, date=None):
        """The person withdraws their consent: hidden from the public site from now on."""
        self.consentement_retrait = date or timezone.localdate()
        self.save(update_fields=["consentement_retrait", "updated_at"])


class DemandeRGPD(models.Model):
    """Log of a data-protection request carried out: export or erasure of one person's data.

    It names no one: `personne_ref` is the erased or exported person's former identifier.
    """

    class Type(models.TextChoices):
        EXPORT = "export", _("Export")
        EFFACEMENT = "effacement", _("Erasure")

    type_demande = models.CharField(_("request"), max_length=20, choices=Type.choices)
    personne_ref = models.PositiveIntegerField(_("person's identifier"))
    acteur = models.ForeignKey(Acteur, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("organisation"))
    effectuee_le = models.DateTimeField(_("carried out on"), default=timezone.now)
    effectuee_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("carried out by"))
    canal = models.CharField(_("channel"), max_length=50, help_text=_("Administration or command line."))

    class Meta:
        ordering = ["-effectuee_le"]
        verbose_name = _("data-protection request")
        verbose_name_plural = _("data-protection requests")

    def __str__(self):
        return f"{self.get_type_demande_display()} #{self.personne_ref} ({self.effectuee_le:%Y-%m-%d})"


class AnnuairePage(RoutablePageMixin, Page):
    """The directory: a searchable, filterable list of acteurs, and one page per acteur at `<slug>/`."""

    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    subpage_types = []

    class Meta:
        verbose_name = _("directory page")

    @classmethod
    def current(cls):
        """The published directory page, or None."""
        return first_public(cls)

    def acteur_url(self, acteur, request=None):
        return self.get_url(request) + self.reverse_subpage("acteur", args=[acteur.slug])

    @path("")
    def listing_view(self, request):
        from .views import listing

        return listing(request, self)

    @path("<slug:slug>/", name="acteur")
    def acteur_view(self, request, slug):
        from .views import detail

        return detail(request, self, slug)
