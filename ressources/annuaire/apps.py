from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnuaireConfig(AppConfig):
    """Annuaire des acteurs: organisations and the people linked to them."""

    name = "ressources.annuaire"
    label = "annuaire"
    verbose_name = _("Directory of actors")

    def ready(self):
        from ressources.related import register

        from .source import ACTEURS

        register(ACTEURS)
