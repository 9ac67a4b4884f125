from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActualitesConfig(AppConfig):
    """Actualités: news items (brèves, « lu, vu, entendu »)."""

    name = "ressources.actualites"
    label = "actualites"
    verbose_name = _("News")

    def ready(self):
        from ressources.related import register

        from .source import NEWS

        register(NEWS)
