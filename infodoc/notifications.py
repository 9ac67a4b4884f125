"""E-mails of the service (HTML + plain text, crpv_site.mail): acknowledgement to the requester, notification to
the team, the answer.

What the requester receives comes from the service's own address (the team e-mail of the info-doc settings, else
DEFAULT_FROM_EMAIL) and a reply goes back to it; the team's notification replies to the requester. Links use the
configured site address, never the request's.
"""
import logging
from email.utils import formataddr

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from crpv_site.mail import absolute_url, build_mail, send_templated_mail

from .models.settings import infodoc_settings

logger = logging.getLogger(__name__)

# What an unreachable or refusing mail server raises (smtplib's errors are OSErrors too).
MAIL_ERRORS = (OSError,)


def service_address(request=None):
    return infodoc_settings(request).email_equipe or settings.DEFAULT_FROM_EMAIL


def service_sender(address):
    """`address` shown as the service of the site (« Service info-doc – <site name> »)."""
    return formataddr((_("Info-doc service – %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}, address))


def page_link(page):
    url = page.get_url() if page else ""
    return absolute_url(url) if url else ""


def confirm_to_requester(demande, page, request=None):
    """Acknowledge the request; False when the mail server could not take it (the request stays saved)."""
    address = service_address(request)
    context = {"demande": demande, "page_url": page_link(page)}
    try:
        send_templated_mail("infodoc/emails/confirmation", context, [demande.email],
                            from_email=service_sender(address), reply_to=[address])
    except MAIL_ERRORS:
        logger.exception("Acknowledgement of info-doc request %s not sent", demande.reference)
        return False
    return True


def notify_team(demande, request=None):
    """Tell the team (when its address is set); a reply goes to the requester. False when not sent."""
    team = infodoc_settings(request).email_equipe
    if not team:
        return None
    admin_url = absolute_url(reverse("wagtailsnippets_infodoc_demandeinfodoc:edit", args=[demande.pk]))
    try:
        send_templated_mail("infodoc/emails/notification", {"demande": demande, "admin_url": admin_url}, [team],
                            reply_to=[demande.email])
    except MAIL_ERRORS:
        logger.exception("Team notification of info-doc request %s not sent", demande.reference)
        return False
    return True


def answer_mail(demande, sujet, context, request=None):
    """The answer, unsent: from the service's address, replies to the service."""
    address = service_address(request)
    return build_mail("infodoc/emails/reponse", {**context, "demande": demande, "sujet": sujet}, [demande.email],
                      from_email=service_sender(address), reply_to=[address])
