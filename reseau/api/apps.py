from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerApiConfig(AppConfig):
    """The partners' REST API: per-partner tokens, notices and files of their own centre."""

    name = "reseau.api"
    label = "partner_api"
    verbose_name = _("Partner API")

    def ready(self):
        from . import vocabularies

        vocabularies.connect()
