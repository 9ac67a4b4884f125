from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReseauConfig(AppConfig):
    """The network of centres de ressources: partner contributions (contribution/), the partners'
    REST API (api/) and OAI-PMH harvesting in and out (oai/)."""

    name = "reseau"
    verbose_name = _("Network")
