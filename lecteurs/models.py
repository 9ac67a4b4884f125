"""What a reader keeps in their space: saved searches and baskets (the current one and those saved under a name).

Readers are Django users without any access to the admin (lecteurs.access); their e-mail addresses are
allauth's EmailAddress rows. Everything here is deleted with the account (CASCADE).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base_documentaire.models import Notice

MAX_SAVED_SEARCHES = 100
MAX_SAVED_BASKETS = 50
MAX_BASKET_NOTICES = 500
NAME_LENGTH = 200
QUERY_LENGTH = 2000


class RechercheEnregistree(models.Model):
    """A search of the documentary base kept under a name: its canonical query string (no page)."""

    lecteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="recherches_enregistrees", verbose_name=_("reader"))
    nom = models.CharField(_("name"), max_length=NAME_LENGTH)
    requete = models.CharField(_("query"), max_length=QUERY_LENGTH, blank=True)
    creee_le = models.DateTimeField(_("saved on"), default=timezone.now)

    class Meta:
        ordering = ["-creee_le", "-pk"]
        constraints = [models.UniqueConstraint(fields=["lecteur", "nom"], name="lecteurs_recherche_nom_unique")]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.nom


class Panier(models.Model):
    """A list of notices. Each reader has at most one current basket (courant, no name), kept across
    visits, and any number of baskets saved under a name."""

    lecteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="paniers",
                                verbose_name=_("reader"))
    nom = models.CharField(_("name"), max_length=NAME_LENGTH, blank=True)
    courant = models.BooleanField(_("current basket"), default=False)
    cree_le = models.DateTimeField(_("created on"), default=timezone.now)
    notices = models.ManyToManyField(Notice, through="PanierNotice", related_name="+", verbose_name=_("notices"))

    class Meta:
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["lecteur"], condition=Q(courant=True), name="lecteurs_un_panier_courant"),
            models.UniqueConstraint(fields=["lecteur", "nom"], condition=Q(courant=False),
                                    name="lecteurs_panier_nom_unique"),
        ]
        verbose_name = _("basket")
        verbose_name_plural = _("baskets")

    def __str__(self):
        return self.nom or str(_("Current basket"))


class PanierNotice(models.Model):
    panier = models.ForeignKey(Panier, on_delete=models.CASCADE, related_name="lignes")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="+")
    ajoutee_le = models.DateTimeField(_("added on"), default=timezone.now)

    class Meta:
        ordering = ["ajoutee_le", "pk"]
        constraints = [models.UniqueConstraint(fields=["panier", "notice"], name="lecteurs_panier_notice_unique")]
        verbose_name = _("notice in a basket")
        verbose_name_plural = _("notices in baskets")
