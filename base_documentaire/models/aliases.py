"""The identifiers a notice answers to besides its own: those of the notices merged into it.

A merge (base_documentaire.doublons.fusion) deletes one notice of a pair; the identifier its
source knew it by (contributeur + external id; a harvested notice's external id is its OAI
identifier) becomes an alias of the notice kept. An import or a harvest of that identifier, and
the partner API, then find the notice kept instead of creating the duplicate again.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeAlias(models.Model):
    contributeur = models.ForeignKey("base_documentaire.Contributeur", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+", verbose_name=_("contributor"))
    external_id = models.CharField(_("external identifier"), max_length=255)
    notice = models.ForeignKey("base_documentaire.Notice", on_delete=models.CASCADE, related_name="aliases",
                               verbose_name=_("notice"))
    # the merged-away notice's number (its permalink and OAI identifier answer as deleted)
    ancien_numero = models.PositiveIntegerField(_("former notice number"))
    created_at = models.DateTimeField(_("merged on"), auto_now_add=True)

    class Meta:
        ordering = ["notice", "pk"]
        verbose_name = _("notice alias")
        verbose_name_plural = _("notice aliases")
        constraints = [models.UniqueConstraint(fields=["contributeur", "external_id"],
                                               name="notice_alias_unique")]

    def __str__(self):
        return f"{self.contributeur or '—'}: {self.external_id}"
