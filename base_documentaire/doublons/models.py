"""A pair of notices flagged as possible duplicates, and what the moderator decided."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Motif(models.TextChoices):
    ISBN = "isbn", _("same ISBN")
    IDENTIFIANT = "identifiant", _("same external identifier")
    TITRE_ANNEE = "titre_annee", _("near-identical title, same year")


class Doublon(models.Model):
    """``notice`` is the newer notice of the pair (higher number), ``candidat`` the older one it
    looks like; a pair is recorded once. The numbers survive a merge, which removes one notice."""

    class Statut(models.TextChoices):
        A_TRAITER = "a_traiter", _("To handle")
        FUSIONNES = "fusionnes", _("Merged")
        CONSERVES = "conserves", _("Both kept")

    notice = models.ForeignKey("base_documentaire.Notice", null=True, on_delete=models.SET_NULL,
                               related_name="doublons_signales", verbose_name=_("notice"))
    candidat = models.ForeignKey("base_documentaire.Notice", null=True, on_delete=models.SET_NULL,
                                 related_name="doublons_candidats", verbose_name=_("possible duplicate of"))
    notice_numero = models.PositiveIntegerField(_("notice number"))
    candidat_numero = models.PositiveIntegerField(_("candidate number"))
    motifs = models.CharField(_("reasons"), max_length=100)  # Motif values, comma-separated
    statut = models.CharField(_("status"), max_length=20, choices=Statut.choices, default=Statut.A_TRAITER,
                              db_index=True)
    conservee_numero = models.PositiveIntegerField(_("notice kept"), null=True, blank=True)
    decide_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decide_le = models.DateTimeField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(_("flagged on"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["notice_numero", "candidat_numero"], name="doublon_pair_unique"),
        ]
        permissions = [("merge_doublon", _("Can merge duplicate notices"))]

    def __str__(self):
        return _("Notice no. %(notice)d / notice no. %(candidat)d") % {
            "notice": self.notice_numero, "candidat": self.candidat_numero}

    @property
    def motif_list(self):
        return [code for code in self.motifs.split(",") if code]

    def motif_labels(self):
        labels = dict(Motif.choices)
        return [str(labels.get(code, code)) for code in self.motif_list]

    def other_number(self, notice_pk):
        return self.candidat_numero if notice_pk == self.notice_numero else self.notice_numero

    @staticmethod
    def ordered(first_pk, second_pk):
        """(notice, candidat) numbers of a pair, whichever notice is met first."""
        return max(first_pk, second_pk), min(first_pk, second_pk)
