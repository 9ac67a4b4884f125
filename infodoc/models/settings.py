"""Site setting of the info-doc service: the centre's territory, the retention period, the team's address."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from base_documentaire.models import Territoire

DEFAULT_RETENTION_MONTHS = 36


@register_setting(icon="help")
class InfoDocSettings(BaseSiteSetting):
    territoires_centre = models.ManyToManyField(
        Territoire, blank=True, related_name="+", verbose_name=_("territories of the centre"),
        help_text=_("A request from a territory outside these (and everything they contain) counts as "
                    "coming from outside the centre's territory."))
    duree_conservation_mois = models.PositiveIntegerField(
        _("retention period (months)"), default=DEFAULT_RETENTION_MONTHS,
        help_text=_("Requests older than this are anonymised: only their statistical fields are kept."))
    email_equipe = models.EmailField(_("team e-mail"), blank=True,
                                     help_text=_("Receives a notification for every new request."))

    panels = [FieldPanel("territoires_centre"), FieldPanel("duree_conservation_mois"), FieldPanel("email_equipe")]

    class Meta:
        verbose_name = _("info-doc service settings")


def infodoc_settings(request=None):
    """The settings of the request's site, or of the default site (commands, e-mails)."""
    if request is not None:
        return InfoDocSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return InfoDocSettings.for_site(site) if site else InfoDocSettings(duree_conservation_mois=DEFAULT_RETENTION_MONTHS)
