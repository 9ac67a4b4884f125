from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatistiquesConfig(AppConfig):
    """Search statistics for documentalists: what readers look for, never who (README, « Statistiques »)."""

    name = "statistiques"
    verbose_name = _("Search statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import request_finished
        from django.db import close_old_connections

        from crpv_site.after_response import flush

        # The statistics' writes run once the response is sent, before Django closes the request's
        # database connection: its receiver is moved after ours (else each write would open a new one).
        request_finished.disconnect(close_old_connections)
        request_finished.connect(flush, dispatch_uid="after_response_flush")
        request_finished.connect(close_old_connections)
