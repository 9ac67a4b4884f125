from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RessourcesConfig(AppConfig):
    """What the editorial apps share: pages tagged with the base documentaire's thèmes and
    territoires, and the "sur ce thème / ce territoire" lists that cross them (related.py)."""

    name = "ressources"
    verbose_name = _("Resources")

    def ready(self):
        from . import request_cache
        from .notice_source import NOTICES
        from .related import register

        request_cache.connect()
        register(NOTICES)
