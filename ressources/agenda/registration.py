"""Registering to an event: the capacity check runs in a transaction that locks the event's row,
so two registrations at the same moment cannot both take the last place."""
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import EvenementPage, Inscription

logger = logging.getLogger(__name__)


class EventFull(Exception):
    """No place left and no waiting list."""


class AlreadyRegistered(Exception):
    """The same e-mail address registered in the meantime."""


def register(evenement, inscription):
    """Save `inscription` (unsaved, from the form) as confirmed or on the waiting list."""
    try:
        with transaction.atomic():
            locked = (EvenementPage.objects.select_for_update(of=("self",))
                      .only("pk", "capacite", "liste_attente").get(pk=evenement.pk))
            inscription.evenement = evenement
            inscription.statut = _status(locked)
            inscription.save()
    except IntegrityError as error:
        raise AlreadyRegistered from error
    return inscription


def _status(evenement):
    if evenement.capacite is None:
        return Inscription.Statut.CONFIRMEE
    confirmed = evenement.inscriptions.filter(statut=Inscription.Statut.CONFIRMEE).count()
    if confirmed < evenement.capacite:
        return Inscription.Statut.CONFIRMEE
    if evenement.liste_attente:
        return Inscription.Statut.ATTENTE
    raise EventFull


def send_confirmation(inscription, event_url):
    """E-mail the registrant; False when the mail could not be sent (the registration stays)."""
    evenement = inscription.evenement
    waiting = inscription.statut == Inscription.Statut.ATTENTE
    subject = (_("Waiting list: %(title)s") if waiting else _("Registration confirmed: %(title)s")) % {
        "title": evenement.title}
    body = render_to_string("agenda/emails/confirmation.txt", {
        "inscription": inscription, "evenement": evenement, "waiting": waiting, "event_url": event_url})
    try:
        send_mail(subject, body, None, [inscription.email])
    except Exception:  # SMTP refusals and network errors alike must not lose the registration
        logger.exception("Confirmation e-mail to registration %s not sent", inscription.pk)
        return False
    return True
