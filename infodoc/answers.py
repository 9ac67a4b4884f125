"""Answers composed in the admin: the e-mail text (with links to the site's resources), sending, storing."""
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from base_documentaire.models import BaseDocumentairePage

from . import history, notifications
from .models import Statut


def default_subject(demande):
    return _("Answer to your information request %(reference)s") % {"reference": demande.reference}


def resource_links(liens, absolute):
    """(title, absolute address) of each resource block; `absolute` turns a path into a full address."""
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


def compose_message(demande, corps, liens, absolute):
    """The e-mail's plain text (a plain str: never marked safe, so HTML pages escape it)."""
    text = render_to_string("infodoc/emails/reponse.txt", {
        "demande": demande, "corps": corps.strip(), "links": resource_links(liens, absolute)})
    return str.__str__(text)


@transaction.atomic
def send_answer(reponse, user, absolute):
    """Send the answer to the requester, store it as sent and mark the request answered."""
    demande = reponse.demande
    reponse.destinataire = demande.email
    reponse.message = compose_message(demande, reponse.corps, reponse.liens, absolute)
    reponse.envoyee_le = timezone.now()
    reponse.envoyee_par = user
    reponse.save()
    previous_status = demande.statut
    demande.statut = Statut.REPONDUE
    demande.save()
    history.log_status(demande, previous_status, user)
    history.log_answer(demande, reponse, user)
    transaction.on_commit(lambda: notifications.send(reponse.sujet, reponse.message, [reponse.destinataire]))
    return reponse
