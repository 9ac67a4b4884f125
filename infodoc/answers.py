"""Answers composed in the admin: the e-mail (with links to the site's resources), sending, storing."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base_documentaire.models import BaseDocumentairePage
from crpv_site.mail import absolute_url

from . import history, notifications
from .models import Statut


def default_subject(demande):
    return _("Answer to your information request %(reference)s") % {"reference": demande.reference}


def resource_links(liens, absolute=absolute_url):
    """(title, absolute address) of each resource block, on the configured site address."""
    documentary_page = BaseDocumentairePage.objects.live().first()
    links = []
    for block in liens:
        value = block.value
        if block.block_type == "notice":
            url = documentary_page.notice_url(value) if documentary_page else ""
            links.append((value.titre, absolute(url) if url else ""))
        elif block.block_type == "page":
            links.append((value.title, absolute(value.specific.url or "")))
        elif block.block_type == "acteur":
            url = value.get_absolute_url()
            links.append((value.nom, absolute(url) if url else ""))
        elif block.block_type == "fichier":
            links.append((value.title, absolute(value.url)))
        elif block.block_type == "lien":
            links.append((value["titre"], value["url"]))
    return [(title, url) for title, url in links if title]


def answer_mail(reponse, request=None):
    """The answer's e-mail, unsent (HTML + plain text)."""
    context = {"corps": reponse.corps.strip(), "links": resource_links(reponse.liens)}
    return notifications.answer_mail(reponse.demande, reponse.sujet, context, request)


def compose_message(reponse, request=None):
    """The e-mail's plain text (a plain str: never marked safe, so HTML pages escape it)."""
    return str.__str__(answer_mail(reponse, request).body)


@transaction.atomic
def send_answer(reponse, user, request=None):
    """Store the answer as sent, mark the request answered, then send it: when the mail server refuses or
    cannot be reached, the error (an OSError) propagates and nothing is stored."""
    demande = reponse.demande
    message = answer_mail(reponse, request)
    reponse.destinataire = demande.email
    reponse.message = str.__str__(message.body)
    reponse.envoyee_le = timezone.now()
    reponse.envoyee_par = user
    reponse.save()
    previous_status = demande.statut
    demande.statut = Statut.REPONDUE
    demande.save()
    history.log_status(demande, previous_status, user)
    history.log_answer(demande, reponse, user)
    message.send()  # inside the transaction: a failure rolls everything back
    return reponse
