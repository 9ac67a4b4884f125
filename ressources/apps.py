from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RessourcesConfig(AppConfig):
    """Agenda, publications, annuaire des acteurs, fiches territoires, actualités (issue 4)."""

    name = "ressources"
    verbose_name = _("Resources")
