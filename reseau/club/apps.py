from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubConfig(AppConfig):
    """The network's club de veille: signalements posted by the centres' veilleurs, shared by all."""

    name = "reseau.club"
    label = "club"
    verbose_name = _("Watch club")
