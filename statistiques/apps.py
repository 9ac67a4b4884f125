from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatistiquesConfig(AppConfig):
    """Search statistics for documentalists: what readers look for, never who (README, « Statistiques »)."""

    name = "statistiques"
    verbose_name = _("Search statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import request_finished

        from .deferred import flush

        request_finished.connect(flush, dispatch_uid="statistiques_deferred_writes")
