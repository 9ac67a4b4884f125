from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoiresConfig(AppConfig):
    """Fiches territoires: one page per territoire of interest."""

    name = "ressources.territoires"
    label = "territoires"
    verbose_name = _("Territory sheets")
