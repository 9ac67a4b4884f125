"""Per-partner API tokens: a partner's system acts for one contributeur, in one user's name."""
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base_documentaire.models import Contributeur

KEY_PREFIX = "crpv_"
LAST_USED_PRECISION_S = 60  # last_used_at is written at most once a minute per token


def hash_key(key):
    """Keys are 256-bit random strings: a plain SHA-256 is enough (no dictionary to guess from)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class JetonApiQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class JetonApi(models.Model):
    nom = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. “PMB export”."))
    contributeur = models.ForeignKey(Contributeur, on_delete=models.CASCADE, related_name="jetons_api",
                                     verbose_name=_("contributor"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jetons_api",
                             verbose_name=_("user"),
                             help_text=_("Revisions and submissions made through the API are recorded in this "
                                         "user's name."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key starts with"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = JetonApiQuerySet.as_manager()

    class Meta:
        ordering = ["contributeur__nom", "nom"]
        verbose_name = _("partner API token")
        verbose_name_plural = _("partner API tokens")

    def __str__(self):
        return f"{self.contributeur} – {self.nom}"

    @property
    def revoked(self):
        return self.revoked_at is not None

    def generate_key(self):
        """Set a new key and return it: only its hash is kept, the caller shows it once."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self.key_hash = hash_key(key)
        self.key_prefix = key[:len(KEY_PREFIX) + 6]
        return key

    def revoke(self):
        self.revoked_at = self.revoked_at or timezone.now()
        self.save(update_fields=["revoked_at"])

    def touch(self):
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > LAST_USED_PRECISION_S:
            JetonApi.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    @classmethod
    def for_key(cls, key):
        """The active token of this key, or None."""
        if not key or not key.startswith(KEY_PREFIX):
            return None
        return cls.objects.active().select_related("user", "contributeur").filter(key_hash=hash_key(key)).first()


class DemandeSuppression(models.Model):
    """A partner's request, through the API, to delete a notice that is or was published: as in the
    admin, a published notice leaves the base through the documentalist. It stays published until
    she approves (the notice is then unpublished and deleted, this request with it) or refuses."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", _("awaiting the documentalist")
        REFUSEE = "refusee", _("refused")

    notice = models.ForeignKey("base_documentaire.Notice", on_delete=models.CASCADE,
                               related_name="demandes_suppression", verbose_name=_("notice"))
    contributeur = models.ForeignKey(Contributeur, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("contributor"))
    demandee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("requested by"))
    demandee_le = models.DateTimeField(_("requested on"), default=timezone.now)
    statut = models.CharField(_("status"), max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE)
    decidee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("decided by"))
    decidee_le = models.DateTimeField(_("decided on"), null=True, blank=True)
    commentaire = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["demandee_le", "pk"]
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        constraints = [models.UniqueConstraint(fields=["notice"], condition=models.Q(statut="en_attente"),
                                               name="partner_api_one_pending_deletion_per_notice")]

    def __str__(self):
        return str(self.notice)
