"""Registering to an event: the capacity check runs in a transaction that locks the event's row,
so two registrations at the same moment cannot both take the last place.

When a place frees up (a confirmed registration cancelled or deleted, the capacity raised),
`fill_freed_places` confirms the oldest waiting registrations, under the same lock, and writes to
each promoted person once the transaction is committed. Nobody is promoted while the registration
form is closed (closed by the organiser, past its closing date, event over): the organiser has
frozen the list, and can still confirm someone by hand in the admin.
"""
import logging

from django.db import IntegrityError, transaction

from crpv_site.mail import absolute_url, send_templated_mail

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
    # Those already waiting come first: a place freed a moment ago is theirs (fill_freed_places).
    ahead = evenement.inscriptions.filter(
        statut__in=[Inscription.Statut.CONFIRMEE, Inscription.Statut.ATTENTE]).count()
    if ahead < evenement.capacite:
        return Inscription.Statut.CONFIRMEE
    if evenement.liste_attente:
        return Inscription.Statut.ATTENTE
    raise EventFull


def fill_freed_places(evenement):
    """Confirm the oldest waiting registrations while places are free; the promoted registrations.

    Runs in its own transaction (a savepoint inside the caller's) that locks the event's row, like
    `register`: a registration arriving meanwhile waits, then sees the places taken."""
    with transaction.atomic():
        locked = (EvenementPage.objects.select_for_update(of=("self",))
                  .only(*PROMOTION_FIELDS).get(pk=evenement.pk))
        if locked.registration_closed_reason():
            return []
        promoted = list(_waiting_to_promote(locked))
        for inscription in promoted:
            inscription.statut = Inscription.Statut.CONFIRMEE
            inscription.save(update_fields=["statut"])
    if promoted:
        transaction.on_commit(lambda: _announce_promotions(promoted, evenement.pk))
    return promoted


# What `registration_closed_reason` and the place count read from the locked event.
PROMOTION_FIELDS = ("pk", "capacite", "liste_attente", "inscription", "inscriptions_ouvertes",
                    "cloture_inscriptions", "date_fin")


def _waiting_to_promote(evenement):
    waiting = (Inscription.objects.select_for_update(of=("self",))
               .filter(evenement_id=evenement.pk, statut=Inscription.Statut.ATTENTE).order_by("created", "pk"))
    if evenement.capacite is None:
        return waiting
    free = evenement.capacite - evenement.inscriptions.filter(statut=Inscription.Statut.CONFIRMEE).count()
    return waiting[:free] if free > 0 else []


def _announce_promotions(promoted, evenement_id):
    evenement = EvenementPage.objects.get(pk=evenement_id)
    for inscription in promoted:
        inscription.evenement = evenement
        send_confirmation(inscription, promoted=True)


def send_confirmation(inscription, promoted=False):
    """E-mail the registrant (HTML + text, the event's link on the configured site address); False when the
    mail could not be sent (the registration stays).

    promoted: the registrant just left the waiting list."""
    evenement = inscription.evenement
    url = evenement.get_url()
    context = {"inscription": inscription, "evenement": evenement, "promoted": promoted,
               "waiting": inscription.statut == Inscription.Statut.ATTENTE, "event_url": absolute_url(url or "/")}
    try:
        send_templated_mail("agenda/emails/confirmation", context, [inscription.email])
    except Exception:  # SMTP refusals and network errors alike must not lose the registration
        logger.exception("Confirmation e-mail to registration %s not sent", inscription.pk)
        return False
    return True
