from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    """Agenda: events, cycles, sessions, registrations, iCalendar and RSS feeds."""

    name = "ressources.agenda"
    label = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from ressources.related import register

        from . import signals
        from .source import AGENDA

        signals.connect()
        register(AGENDA)
