"""Who receives a bulletin de veille by e-mail, and each sending.

AbonnementBulletin: one address subscribed to one archive (BulletinIndexPage): a reader's account, a bare
address or a partner centre's contact address; double opt-in like the alerts (confirmee_le is set only by
the button of the confirmation page).
EnvoiBulletin: one sending of one bulletin, asked for explicitly in the admin (never on publish).
LivraisonBulletin: one row per subscriber of a sending, created all at once, then marked one by one
(pending → sent or failed, with the SMTP error): a crash leaves pending rows that a re-run picks up.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .optin import OptIn, new_token


class AbonnementBulletin(OptIn):
    archive = models.ForeignKey("veille.BulletinIndexPage", on_delete=models.CASCADE, related_name="abonnements",
                                verbose_name=_("bulletins archive"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="abonnements_bulletin", verbose_name=_("account"))
    centre = models.ForeignKey("base_documentaire.Contributeur", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("partner centre"),
                               help_text=_("When the address is a partner centre's contact address."))
    jeton = models.CharField(max_length=64, unique=True, default=new_token, editable=False,
                             help_text=_("Secret of the unsubscribe link."))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bulletin subscription")
        verbose_name_plural = _("bulletin subscriptions")
        constraints = [models.UniqueConstraint(fields=["archive", "email"], name="veille_abonnement_unique")]

    def confirm(self, now=None):
        self.confirmee_le = now or timezone.now()
        self.save(update_fields=["confirmee_le"])


class EnvoiBulletin(models.Model):
    bulletin = models.ForeignKey("veille.BulletinPage", on_delete=models.CASCADE, related_name="envois",
                                 verbose_name=_("bulletin"))
    demande_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("asked by"))
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    termine_le = models.DateTimeField(_("last run ended on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bulletin sending")
        verbose_name_plural = _("bulletin sendings")

    def __str__(self):
        return f"{self.bulletin_id} ({self.created_at:%Y-%m-%d %H:%M})"

    def counts(self):
        """{"pending": n, "sent": n, "failed": n} (one query)."""
        found = dict(self.livraisons.values_list("statut").annotate(n=models.Count("pk")).order_by())
        return {status: found.get(status, 0) for status in LivraisonBulletin.Statut.values}


class LivraisonBulletin(models.Model):
    class Statut(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    envoi = models.ForeignKey(EnvoiBulletin, on_delete=models.CASCADE, related_name="livraisons",
                              verbose_name=_("sending"))
    abonnement = models.ForeignKey(AbonnementBulletin, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="livraisons", verbose_name=_("subscription"))
    email = models.EmailField(_("e-mail address"))
    statut = models.CharField(_("status"), max_length=10, choices=Statut.choices, default=Statut.PENDING)
    erreur = models.TextField(_("error"), blank=True)
    envoye_le = models.DateTimeField(_("sent on"), null=True, blank=True)
    tentatives = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bulletin delivery")
        verbose_name_plural = _("bulletin deliveries")
        constraints = [models.UniqueConstraint(fields=["envoi", "email"], name="veille_livraison_unique")]
        indexes = [models.Index(fields=["envoi", "statut"], name="veille_livraison_statut")]

    def __str__(self):
        return f"{self.email}: {self.statut}"
