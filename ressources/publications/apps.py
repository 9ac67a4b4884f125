from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    """Publications, fiches expérience, newsletters; each feeds the base documentaire."""

    name = "ressources.publications"
    label = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from ressources.related import register

        from . import notices
        from .source import PUBLICATIONS

        notices.connect()
        register(PUBLICATIONS)
