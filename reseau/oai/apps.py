from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OaiConfig(AppConfig):
    """OAI-PMH 2.0: the repository other bases harvest, and the harvester of other sources."""

    name = "reseau.oai"
    label = "oai"
    verbose_name = _("OAI-PMH")

    def ready(self):
        from . import signals  # noqa: F401
