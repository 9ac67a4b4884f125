from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfodocConfig(AppConfig):
    """Service info-doc: professionals' requests (DemandeInfoDoc), answers, yearly figures."""

    name = "infodoc"
    verbose_name = _("Info-doc service")

    def ready(self):
        from ressources.related import register

        from .source import QUESTIONS

        register(QUESTIONS)
