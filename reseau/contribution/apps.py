from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionConfig(AppConfig):
    """Partner accounts (one contributeur each), what they may do in the admin, moderation."""

    name = "reseau.contribution"
    label = "contribution"
    verbose_name = _("Partner contributions")
