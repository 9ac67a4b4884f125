"""E-mails of the service: confirmation to the requester, notification to the team, the answer."""
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models.settings import infodoc_settings


def send(subject, body, to, reply_to=None):
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to)
    message.send()
    return message


def confirm_to_requester(demande, page_url):
    subject = _("Your information request %(reference)s") % {"reference": demande.reference}
    body = render_to_string("infodoc/emails/confirmation.txt", {"demande": demande, "page_url": page_url})
    return send(subject, body, [demande.email])


def notify_team(demande, admin_url, request=None):
    team = infodoc_settings(request).email_equipe
    if not team:
        return None
    subject = _("New info-doc request %(reference)s") % {"reference": demande.reference}
    body = render_to_string("infodoc/emails/notification.txt", {"demande": demande, "admin_url": admin_url})
    return send(subject, body, [team], reply_to=[demande.email])
