from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VeilleConfig(AppConfig):
    """Keeping readers informed: e-mail alerts on any documentary search (alerts/); the bulletin
    de veille will live beside them."""

    name = "veille"
    verbose_name = _("Watch")
    default_auto_field = "django.db.models.BigAutoField"
