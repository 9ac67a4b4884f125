"""Requests to the info-doc service, the team's internal notes and the answers sent."""
from django import forms
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.blocks import CharBlock, PageChooserBlock, StructBlock, URLBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.snippets.blocks import SnippetChooserBlock

from base_documentaire.models import Territoire, Theme

from ..admin_forms import DemandeAdminForm

ANONYMISED_TEXT = "[anonymisé]"


class TypeStructure(models.TextChoices):
    VILLE = "ville", _("City")
    EPCI = "epci", _("EPCI")
    INSTITUTION = "institution", _("Institution / State service")
    ASSOCIATION = "association", _("Association")
    BAILLEUR = "bailleur", _("Social landlord")
    HABITANT = "habitant", _("Resident / citizens' council")
    ETUDIANT = "etudiant", _("Student")
    AUTRE = "autre", _("Other")


class Statut(models.TextChoices):
    NOUVELLE = "nouvelle", _("New")
    EN_COURS = "en_cours", _("In progress")
    EN_ATTENTE = "en_attente", _("Waiting for the requester")
    REPONDUE = "repondue", _("Answered")
    CLOSE = "close", _("Closed")


class CompteurReference(models.Model):
    """Last sequence number given in a year: references are numbered per year without gaps or doubles."""

    annee = models.PositiveIntegerField(primary_key=True)
    dernier = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")

    @classmethod
    def next_number(cls, year):
        """Reserve the next number of `year`. The UPDATE locks the counter row until the caller's
        transaction ends, so two concurrent requests never get the same number."""
        with transaction.atomic():
            cls.objects.get_or_create(annee=year)
            cls.objects.filter(annee=year).update(dernier=F("dernier") + 1)
            return cls.objects.get(annee=year).dernier


class DemandeInfoDoc(ClusterableModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    annee = models.PositiveIntegerField(_("year"), editable=False, db_index=True)
    numero = models.PositiveIntegerField(_("number in the year"), editable=False)

    nom = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    type_structure = models.CharField(_("type of organisation"), max_length=20, choices=TypeStructure.choices)
    email = models.EmailField(_("e-mail"), max_length=254)
    telephone = models.CharField(_("telephone"), max_length=30, blank=True)
    territoire = models.ForeignKey(Territoire, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("territory"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    question = models.TextField(_("question"))
    echeance_souhaitee = models.DateField(_("wished deadline"), null=True, blank=True)
    consentement = models.BooleanField(_("consent to the processing of personal data"), default=False)
    consentement_le = models.DateTimeField(_("consent given on"), null=True, blank=True)

    statut = models.CharField(_("status"), max_length=20, choices=Statut.choices, default=Statut.NOUVELLE,
                              db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("assigned to"))
    recue_le = models.DateTimeField(_("received on"), default=timezone.now)
    repondue_le = models.DateTimeField(_("answered on"), null=True, blank=True)
    close_le = models.DateTimeField(_("closed on"), null=True, blank=True)
    modifiee_le = models.DateTimeField(_("updated on"), auto_now=True)
    anonymisee = models.BooleanField(_("anonymised"), default=False)
    anonymisee_le = models.DateTimeField(_("anonymised on"), null=True, blank=True)

    base_form_class = DemandeAdminForm
    edit_handler = TabbedInterface([
        ObjectList([
            FieldRowPanel([FieldPanel("statut"), FieldPanel("assignee")]),
            MultiFieldPanel([FieldPanel("question"), FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                             FieldPanel("echeance_souhaitee")],
                            heading=_("Request")),
            InlinePanel("notes", heading=_("Internal notes"), label=_("Note")),
        ], heading=_("Processing")),
        ObjectList([
            FieldPanel("nom"), FieldPanel("organisation"), FieldPanel("type_structure"),
            FieldRowPanel([FieldPanel("email"), FieldPanel("telephone")]), FieldPanel("territoire"),
            FieldPanel("recue_le"),
            FieldPanel("consentement", read_only=True), FieldPanel("consentement_le", read_only=True),
        ], heading=_("Requester")),
    ])

    class Meta:
        ordering = ["-recue_le"]
        constraints = [models.UniqueConstraint(fields=["annee", "numero"], name="infodoc_reference_unique")]
        verbose_name = _("info-doc request")
        verbose_name_plural = _("info-doc requests")

    def __str__(self):
        # No name here: log entries and lists carry this label, it must survive anonymisation.
        return self.reference or str(_("New request"))

    def save(self, *args, **kwargs):
        if not self.reference:
            self.annee = timezone.localtime(self.recue_le).year
            self.numero = CompteurReference.next_number(self.annee)
            self.reference = f"ID-{self.annee}-{self.numero:04d}"
        self.stamp_status_dates()
        super().save(*args, **kwargs)

    def stamp_status_dates(self):
        """Answered and closed dates are set the first time the status reaches them."""
        now = timezone.now()
        if self.statut == Statut.REPONDUE and not self.repondue_le:
            self.repondue_le = now
        if self.statut == Statut.CLOSE and not self.close_le:
            self.close_le = now

    @property
    def temps_passe(self):
        """Minutes spent, the sum of the internal notes' durations."""
        if hasattr(self, "temps_passe_total"):
            return self.temps_passe_total or 0
        return self.notes.aggregate(total=Sum("minutes"))["total"] or 0

    def temps_passe_display(self):
        hours, minutes = divmod(self.temps_passe, 60)
        return f"{hours} h {minutes:02d}" if hours else f"{minutes} min"
    temps_passe_display.short_description = _("time spent")


class NoteInterne(models.Model):
    demande = ParentalKey(DemandeInfoDoc, on_delete=models.CASCADE, related_name="notes")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("author"), editable=False)
    texte = models.TextField(_("note"))
    minutes = models.PositiveIntegerField(_("time spent (minutes)"), default=0)
    date = models.DateTimeField(_("date"), default=timezone.now)

    panels = [FieldPanel("texte"), FieldRowPanel([FieldPanel("minutes"), FieldPanel("date")])]

    class Meta:
        ordering = ["date"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return f"{self.demande} — {self.date:%d/%m/%Y}"


class LienBlock(StructBlock):
    """A free link, for resources outside the site."""

    titre = CharBlock(label=_("Title"))
    url = URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Other link")


def reponse_link_blocks():
    return [
        ("notice", SnippetChooserBlock("base_documentaire.Notice", label=_("Notice"))),
        ("page", PageChooserBlock(label=_("Page (publication, event, territory…)"))),
        ("acteur", SnippetChooserBlock("annuaire.Acteur", label=_("Actor"))),
        ("fichier", DocumentChooserBlock(label=_("File"))),
        ("lien", LienBlock()),
    ]


class Reponse(models.Model):
    """An answer as composed and sent from the admin; the message is stored exactly as sent."""

    demande = models.ForeignKey(DemandeInfoDoc, on_delete=models.CASCADE, related_name="reponses")
    corps = models.TextField(_("answer"))
    liens = StreamField(reponse_link_blocks(), blank=True, verbose_name=_("resources"))
    destinataire = models.EmailField(_("sent to"), blank=True)
    sujet = models.CharField(_("subject"), max_length=255, blank=True)
    message = models.TextField(_("message as sent"), blank=True)
    envoyee_le = models.DateTimeField(_("sent on"), null=True, blank=True)
    envoyee_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("sent by"))

    class Meta:
        ordering = ["envoyee_le"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.demande} — {self.envoyee_le:%d/%m/%Y}" if self.envoyee_le else str(self.demande)
