"""What every e-mail subscription of the watch shares (alerts, bulletin subscriptions): the address, the
double opt-in (a confirmation link, valid for a while, whose page's button confirms) and the secret of the
unsubscribe link."""
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32  # secrets.token_urlsafe: 43 characters


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


class OptIn(models.Model):
    email = models.EmailField(_("e-mail address"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmee_le = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    jeton_confirmation = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmation_envoyee_le = models.DateTimeField(_("confirmation sent on"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.email

    @property
    def confirmed(self):
        return self.confirmee_le is not None
