"""Counters of the public searches, aggregated: no address, no account, no time of day.

One `Recherche` row counts the searches of one day with the same folded text and the same facet
filters; one `Consultation` row counts the notices opened from the results of such a row. Rows older
than RETENTION_MONTHS are deleted (`manage.py purge_search_statistics`, or its periodic task).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

RETENTION_MONTHS = 13
MAX_TEXT = 500  # base_documentaire.search_options.MAX_QUERY_LENGTH


class Recherche(models.Model):
    jour = models.DateField(_("day"))
    cle = models.CharField(max_length=64, editable=False)  # sha256 of the folded text and the filters
    texte_plie = models.CharField(_("folded query"), max_length=MAX_TEXT, blank=True)
    texte = models.CharField(_("query"), max_length=MAX_TEXT, blank=True)  # the last spelling seen that day
    filtres = models.TextField(_("facets used"), default="{}", blank=True)  # JSON: {"theme": ["Santé"], …}
    recherches = models.PositiveIntegerField(_("searches"), default=0)
    sans_resultat = models.PositiveIntegerField(_("searches without result"), default=0)
    resultats = models.PositiveIntegerField(_("results"), default=0)  # of the day's last search

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jour", "cle"], name="recherche_jour_cle_unique")]
        indexes = [models.Index(fields=["jour", "texte_plie"], name="recherche_jour_texte")]
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.jour} {self.texte}"


class Consultation(models.Model):
    recherche = models.ForeignKey(Recherche, on_delete=models.CASCADE, related_name="consultations")
    notice = models.ForeignKey("base_documentaire.Notice", on_delete=models.CASCADE, related_name="+")
    ouvertures = models.PositiveIntegerField(_("openings"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recherche", "notice"], name="consultation_unique")]
        verbose_name = _("notice opened from a search")
        verbose_name_plural = _("notices opened from a search")
        default_permissions = ()
