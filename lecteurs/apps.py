from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LecteursConfig(AppConfig):
    name = "lecteurs"
    verbose_name = _("Readers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
