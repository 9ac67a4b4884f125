"""The waiting list moves on its own: a cancelled or deleted confirmed registration, or a raised
capacity, confirms the oldest waiting registrations and writes to each of them in French. Nobody is
promoted while the registration form is closed (the organiser froze the list) or the event is over."""
import threading

import pytest
from django.db import close_old_connections, connection

from ressources.agenda.models import Inscription
from ressources.agenda.registration import fill_freed_places, register

from tests.mailpit import links

from .conftest import at, make_event

SITE = "https://crpv.example.org"


def recipients(mailpit):
    return [message["To"] for message in mailpit.messages()]


@pytest.fixture
def event(index):
    return make_event(index, "Atelier des conseils citoyens", inscription="formulaire", capacite=2,
                      lieu="Nantes", seances=[(at(20, 9, 30), at(20, 16, 30))])


def enrol(event, *names):
    return [register(event, Inscription(prenom=name.capitalize(), nom="Test", email=f"{name}@example.org"))
            for name in names]


def statuses(event):
    return dict(Inscription.objects.filter(evenement=event).values_list("email", "statut"))


def publish(event, **changes):
    for field, value in changes.items():
        setattr(event, field, value)
    event.save_revision().publish()


@pytest.fixture
def full_event(event):
    """Two confirmed (awa, binta), three waiting in this order (chloe, dina, elise)."""
    enrol(event, "awa", "binta", "chloe", "dina", "elise")
    assert list(statuses(event).values()) == ["confirmee"] * 2 + ["attente"] * 3
    return event


@pytest.mark.services
def test_cancelling_in_the_admin_confirms_the_oldest_waiting_registration_and_writes_to_her(
        client, admin_user, full_event, django_capture_on_commit_callbacks, settings, mailpit):
    settings.WAGTAILADMIN_BASE_URL = SITE
    awa = Inscription.objects.get(email="awa@example.org")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/inscriptions/edit/{awa.pk}/", {
            "evenement": full_event.pk, "prenom": "Awa", "nom": "Test", "organisation": "",
            "email": "awa@example.org", "statut": "annulee"})
    assert response.status_code == 302
    assert statuses(full_event) == {"awa@example.org": "annulee", "binta@example.org": "confirmee",
                                    "chloe@example.org": "confirmee", "dina@example.org": "attente",
                                    "elise@example.org": "attente"}
    assert recipients(mailpit) == [["chloe@example.org"]]
    (message,) = mailpit.messages()
    assert message["Subject"] == "Une place s'est libérée pour vous : Atelier des conseils citoyens"
    for part in (message["Text"], message["HTML"].replace("&#x27;", "'")):
        assert "Bonjour Chloe," in part and "Nantes" in part
        assert "jusqu'ici sur liste d'attente, est confirmée" in part
    assert f"{SITE}{full_event.url}" in message["Text"] and f"{SITE}{full_event.url}" in links(message)


@pytest.mark.services
def test_deleting_a_confirmed_registration_frees_its_place(full_event, django_capture_on_commit_callbacks, mailpit):
    with django_capture_on_commit_callbacks(execute=True):
        Inscription.objects.get(email="binta@example.org").delete()
    assert statuses(full_event)["chloe@example.org"] == "confirmee"
    assert recipients(mailpit) == [["chloe@example.org"]]


@pytest.mark.services
def test_raising_the_capacity_promotes_as_many_as_there_are_new_places_oldest_first(
        full_event, django_capture_on_commit_callbacks, mailpit):
    with django_capture_on_commit_callbacks(execute=True):
        publish(full_event, capacite=4)
    assert [email for email, statut in statuses(full_event).items() if statut == "attente"] == ["elise@example.org"]
    assert sorted(to[0] for to in recipients(mailpit)) == ["chloe@example.org", "dina@example.org"]


@pytest.mark.services
def test_removing_the_limit_promotes_everyone_waiting(full_event, django_capture_on_commit_callbacks, mailpit):
    with django_capture_on_commit_callbacks(execute=True):
        publish(full_event, capacite=None)
    assert set(statuses(full_event).values()) == {"confirmee"}
    assert len(mailpit.messages()) == 3


@pytest.mark.services
def test_nothing_moves_when_no_place_is_freed(full_event, django_capture_on_commit_callbacks, mailpit):
    with django_capture_on_commit_callbacks(execute=True):
        dina = Inscription.objects.get(email="dina@example.org")
        dina.statut = Inscription.Statut.ANNULEE  # a waiting registration gives up: no place freed
        dina.save()
        publish(full_event, capacite=1)  # fewer places: nobody is demoted either
        publish(full_event, title="Atelier des conseils citoyens (Nantes)")
    assert list(statuses(full_event).values()) == ["confirmee", "confirmee", "attente", "annulee", "attente"]
    assert mailpit.messages() == []


@pytest.mark.services
@pytest.mark.parametrize("closing", [
    {"inscriptions_ouvertes": False},
    {"cloture_inscriptions": at(-1)},
])
def test_no_promotion_while_registrations_are_closed_then_it_catches_up_when_they_reopen(
        full_event, closing, django_capture_on_commit_callbacks, mailpit):
    publish(full_event, **closing)
    with django_capture_on_commit_callbacks(execute=True):
        Inscription.objects.get(email="awa@example.org").delete()
    assert statuses(full_event)["chloe@example.org"] == "attente" and mailpit.messages() == []
    with django_capture_on_commit_callbacks(execute=True):
        publish(full_event, inscriptions_ouvertes=True, cloture_inscriptions=None)
    assert statuses(full_event)["chloe@example.org"] == "confirmee"
    assert recipients(mailpit) == [["chloe@example.org"]]


@pytest.mark.services
def test_no_promotion_once_the_event_is_over(index, django_capture_on_commit_callbacks, mailpit):
    event = make_event(index, "Journée passée", inscription="formulaire", capacite=1,
                       seances=[(at(2, 9), at(2, 17))])
    enrol(event, "awa", "binta")
    event.seances.all().update(debut=at(-3, 9), fin=at(-3, 17))
    publish(type(event).objects.get(pk=event.pk))  # the dates are recomputed from the sessions
    with django_capture_on_commit_callbacks(execute=True):
        Inscription.objects.get(email="awa@example.org").delete()
    assert statuses(event) == {"binta@example.org": "attente"} and mailpit.messages() == []


@pytest.mark.services
def test_promotion_counts_places_in_the_database_not_on_a_stale_page(full_event, django_capture_on_commit_callbacks,
                                                                      mailpit):
    """Promotions and registrations share the event's lock and read the places from the database:
    a second promotion, or a registration, after the first one finds the freed place taken."""
    stale = type(full_event).objects.get(pk=full_event.pk)
    with django_capture_on_commit_callbacks(execute=True):
        Inscription.objects.filter(email="awa@example.org").update(statut="annulee")  # bypasses signals
        assert [item.email for item in fill_freed_places(stale)] == ["chloe@example.org"]
        assert fill_freed_places(stale) == []
    (late,) = enrol(stale, "fanta")
    assert late.statut == "attente"
    assert Inscription.objects.filter(evenement=full_event, statut="confirmee").count() == 2
    assert recipients(mailpit) == [["chloe@example.org"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # restores the root page; flushes without post_migrate
@pytest.mark.skipif(not connection.features.has_select_for_update,
                    reason="needs row locks (PostgreSQL); SQLite serialises writers differently")
def test_a_cancellation_and_a_registration_at_the_same_moment_never_overfill(index):
    event = make_event(index, "Atelier très demandé", inscription="formulaire", capacite=1,
                       seances=[(at(20, 9), at(20, 12))])
    enrol(event, "awa", "binta")
    start = threading.Barrier(2)

    def cancel():
        start.wait()
        awa = Inscription.objects.get(email="awa@example.org")
        awa.statut = Inscription.Statut.ANNULEE
        awa.save()

    def late_registration():
        start.wait()
        enrol(event, "chloe")

    threads = [threading.Thread(target=_closing_connection(work)) for work in (cancel, late_registration)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Inscription.objects.filter(evenement=event, statut="confirmee").count() == 1
    assert statuses(event)["binta@example.org"] == "confirmee"  # the oldest waiting one got the place


def _closing_connection(work):
    def run():
        try:
            work()
        finally:
            close_old_connections()
            connection.close()
    return run


def test_a_newcomer_never_takes_a_freed_place_from_those_waiting(full_event):
    Inscription.objects.filter(email="awa@example.org").update(statut="annulee")  # freed, not yet handed on
    (late,) = enrol(full_event, "fanta")
    assert late.statut == "attente"
    assert [item.email for item in fill_freed_places(full_event)] == ["chloe@example.org"]
    assert statuses(full_event)["fanta@example.org"] == "attente"
