"""The club de veille's source rota: which centre watches which source, agreed collegially."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base_documentaire.models import Contributeur


class SourceVeille(models.Model):
    class Nature(models.TextChoices):
        JOURNAL_OFFICIEL = "journal_officiel", gettext_lazy("Official journal")
        PRESSE = "presse", gettext_lazy("Press")
        INSTITUTIONNEL = "institutionnel", gettext_lazy("Institutional websites")
        REVUE = "revue", gettext_lazy("Journals and reviews")
        LETTRE = "lettre", gettext_lazy("Newsletters")
        RESEAUX_SOCIAUX = "reseaux_sociaux", gettext_lazy("Social networks")
        AUTRE = "autre", gettext_lazy("Other")

    nom = models.CharField(gettext_lazy("name"), max_length=200)
    url = models.URLField(gettext_lazy("address"), max_length=1000)
    nature = models.CharField(gettext_lazy("kind"), max_length=30, choices=Nature.choices, default=Nature.AUTRE)
    centre = models.ForeignKey(Contributeur, on_delete=models.PROTECT, related_name="sources_veille",
                               verbose_name=gettext_lazy("centre in charge"))
    depuis = models.DateField(gettext_lazy("since"), null=True, blank=True)
    jusqu_au = models.DateField(gettext_lazy("until"), null=True, blank=True,
                                help_text=gettext_lazy("Empty while the centre still watches it."))
    note = models.TextField(gettext_lazy("note"), blank=True)

    class Meta:
        ordering = ["nom", "centre__nom"]
        verbose_name = gettext_lazy("watched source")
        verbose_name_plural = gettext_lazy("watched sources")
        constraints = [models.UniqueConstraint(fields=["nom", "centre"], name="source_veille_unique_per_centre")]

    def __str__(self):
        return self.nom

    def clean(self):
        if self.depuis and self.jusqu_au and self.jusqu_au < self.depuis:
            raise ValidationError({"jusqu_au": _("The end date must not be before the start date.")})
