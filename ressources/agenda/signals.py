"""Places freed on any path (admin status change or deletion, capacity raised on the event page,
code) are offered to the waiting list: see `registration.fill_freed_places`."""
from django.db.models.signals import post_delete, post_save, pre_save

from .models import EvenementPage, Inscription, Registration


def connect():
    pre_save.connect(remember_stored_status, sender=Inscription, dispatch_uid="agenda_inscription_pre_save")
    post_save.connect(place_freed_by_change, sender=Inscription, dispatch_uid="agenda_inscription_post_save")
    post_delete.connect(place_freed_by_deletion, sender=Inscription, dispatch_uid="agenda_inscription_post_delete")
    post_save.connect(places_maybe_added, sender=EvenementPage, dispatch_uid="agenda_evenement_post_save")


def remember_stored_status(sender, instance, raw=False, **kwargs):
    """The status in the database before this save (None for a new registration)."""
    instance._stored_statut = None
    if instance.pk and not raw:
        instance._stored_statut = (Inscription.objects.filter(pk=instance.pk)
                                   .values_list("statut", flat=True).first())


def place_freed_by_change(sender, instance, raw=False, **kwargs):
    was_confirmed = getattr(instance, "_stored_statut", None) == Inscription.Statut.CONFIRMEE
    if not raw and was_confirmed and instance.statut != Inscription.Statut.CONFIRMEE:
        _fill(instance.evenement_id)


def place_freed_by_deletion(sender, instance, **kwargs):
    if instance.statut == Inscription.Statut.CONFIRMEE:
        _fill(instance.evenement_id)


def places_maybe_added(sender, instance, raw=False, update_fields=None, **kwargs):
    """A saved or published event may have more places (or reopened registrations)."""
    if raw or instance.inscription != Registration.FORM:
        return
    if update_fields is not None and not {"capacite", "inscriptions_ouvertes", "cloture_inscriptions"} & set(
            update_fields):
        return  # e.g. a draft revision: the live event did not change
    _fill(instance.pk)


def _fill(evenement_id):
    from .registration import fill_freed_places

    if EvenementPage.objects.filter(pk=evenement_id).exists():  # not while the event itself is deleted
        fill_freed_places(EvenementPage(pk=evenement_id))
