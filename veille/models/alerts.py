"""An e-mail alert on a search of the documentary base.

What was already sent is kept bounded: `couverte_jusqua` is a high-water mark on the notices' first
publication date (every notice first published up to it has been dealt with: listed in a digest, or
older than the alert), and `derniers_envoyes` holds the ids of the last digest only (a notice
unpublished then published again would otherwise come back). Nothing grows with time.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .optin import OptIn, new_token

QUERY_LENGTH = 4000


class Frequence(models.TextChoices):
    QUOTIDIENNE = "quotidienne", _("Daily")
    HEBDOMADAIRE = "hebdomadaire", _("Weekly")
    MENSUELLE = "mensuelle", _("Monthly")


class Alerte(OptIn):
    recherche = models.CharField(_("search"), max_length=QUERY_LENGTH, blank=True,
                                 help_text=_("Canonical query string of the results page (q, facets, years)."))
    cle_recherche = models.CharField(_("search key"), max_length=64, db_index=True, editable=False,
                                     help_text=_("Same key, same search: alerts are grouped by it."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="alertes", verbose_name=_("account"))
    frequence = models.CharField(_("frequency"), max_length=12, choices=Frequence.choices,
                                 default=Frequence.HEBDOMADAIRE)
    jeton = models.CharField(max_length=64, unique=True, default=new_token, editable=False,
                             help_text=_("Secret of the manage and unsubscribe links."))
    verifiee_le = models.DateTimeField(_("last checked on"), null=True, blank=True)
    couverte_jusqua = models.DateTimeField(_("new notices dealt with up to"), null=True, blank=True)
    dernier_envoi_le = models.DateTimeField(_("last digest sent on"), null=True, blank=True)
    derniers_envoyes = models.JSONField(_("notices of the last digest"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [models.UniqueConstraint(fields=["cle_recherche", "email"], name="veille_alerte_unique")]

    def __str__(self):
        return f"{self.email}: {self.recherche or '*'}"

    def save(self, *args, **kwargs):
        from veille.alerts.searches import search_key

        self.cle_recherche = search_key(self.recherche)
        if kwargs.get("update_fields") is not None and "recherche" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "cle_recherche"}
        super().save(*args, **kwargs)

    def confirm(self, now=None):
        """Start the alert: the notices first published from now on are its news."""
        now = now or timezone.now()
        self.confirmee_le = self.verifiee_le = self.couverte_jusqua = now
        self.save(update_fields=["confirmee_le", "verifiee_le", "couverte_jusqua"])
