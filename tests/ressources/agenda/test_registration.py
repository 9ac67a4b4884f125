"""Registration to an event: capacity and waiting list, French error messages that keep what was
typed, confirmation e-mail, registrants export for editors only."""
import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from wagtail.models import GroupPagePermission

from ressources.agenda.models import Inscription
from ressources.agenda.registration import EventFull, register

from tests.mailpit import links

from .conftest import at, make_event

SITE = "https://crpv.example.org"

GOOD = {"prenom": "Awa", "nom": "Diallo", "organisation": "Centre social des Hauts", "email": "awa@example.org"}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def event(index):
    return make_event(index, "Rencontre des conseils citoyens", inscription="formulaire", capacite=2,
                      lieu="Nantes", message_confirmation="Accueil à partir de 9 h.",
                      seances=[(at(20, 9, 30), at(20, 16, 30))])


def post(client, event, **changes):
    return client.post(f"{event.url}inscription/", {**GOOD, **changes})


def alert_text(response):
    return soup(response).find(attrs={"role": "alert"}).get_text(" ", strip=True)


def typed_values(response):
    form = soup(response).select_one("form.registration-form")
    return {field["name"]: field.get("value", "") for field in form.select("input[name]")
            if field["name"] in GOOD}


def test_event_page_with_a_registration_form_renders_within_query_budget(client, event,
                                                                         django_assert_max_num_queries):
    with django_assert_max_num_queries(26):
        response = client.get(event.url)
    form = soup(response).select_one("form.registration-form")
    assert form["action"] == f"{event.url}inscription/#inscription"
    assert form.find("input", {"name": "csrfmiddlewaretoken"})
    labels = [label.get_text(" ", strip=True) for label in form.select("label")]
    assert labels[:4] == ["Prénom *", "Nom *", "Organisation", "E-mail *"]
    assert "2 places restantes." in soup(response).select_one("#inscription").get_text()


@pytest.mark.services
def test_registration_is_confirmed_and_a_confirmation_email_sent(client, event, settings, mailpit):
    settings.WAGTAILADMIN_BASE_URL = SITE  # not the test client's host: the link must not follow the request
    response = post(client, event)
    assert response.status_code == 302
    assert response["Location"] == f"{event.url}?inscription=confirmee#inscription"
    inscription = Inscription.objects.get()
    assert (inscription.prenom, inscription.email, inscription.statut) == ("Awa", "awa@example.org", "confirmee")
    (message,) = mailpit.wait_for("awa@example.org")
    assert [m["To"] for m in mailpit.messages()] == [["awa@example.org"]]
    assert message["Subject"] == "Inscription confirmée : Rencontre des conseils citoyens"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    for part in (message["Text"], message["HTML"]):
        assert "Bonjour Awa," in part and "est confirmée" in part
        assert "Accueil à partir de 9 h." in part and "Nantes" in part and "09:30–16:30" in part
        assert settings.WAGTAIL_SITE_NAME in part  # signed with the site's name and address
    assert f"{SITE}{event.url}" in message["Text"]
    assert links(message) == [f"{SITE}/", f"{SITE}{event.url}", f"{SITE}/"]
    page = soup(client.get(response["Location"]))
    assert "Votre inscription est confirmée" in page.find(attrs={"role": "status"}).get_text()


@pytest.mark.services
def test_when_full_registrations_go_on_the_waiting_list(client, event, mailpit):
    post(client, event, email="un@example.org")
    post(client, event, email="deux@example.org")
    response = post(client, event, email="trois@example.org")
    assert response["Location"] == f"{event.url}?inscription=attente#inscription"
    statuses = dict(Inscription.objects.values_list("email", "statut"))
    assert statuses == {"un@example.org": "confirmee", "deux@example.org": "confirmee",
                        "trois@example.org": "attente"}
    (message,) = mailpit.wait_for("trois@example.org")
    assert message["Subject"] == "Liste d'attente : Rencontre des conseils citoyens"
    assert "liste d'attente" in message["Text"] and "liste d'attente" in message["HTML"]
    page = soup(client.get(event.url)).select_one("#inscription").get_text()
    assert "0 place restante." in page and "liste d'attente" in page


def test_when_full_without_waiting_list_registration_is_refused_and_typed_data_kept(client, event):
    event.liste_attente = False
    event.save_revision().publish()
    post(client, event, email="un@example.org")
    post(client, event, email="deux@example.org")
    response = post(client, event, email="trois@example.org")
    assert response.status_code == 400
    assert "Cet événement est complet" in alert_text(response)
    assert typed_values(response)["email"] == "trois@example.org"
    assert Inscription.objects.count() == 2


def test_capacity_is_checked_against_the_database_not_the_page_in_memory(event):
    """Two requests holding the same stale page object cannot both take the last place."""
    stale = type(event).objects.get(pk=event.pk)
    register(event, Inscription(prenom="A", nom="A", email="a@example.org"))
    register(stale, Inscription(prenom="B", nom="B", email="b@example.org"))
    third = register(stale, Inscription(prenom="C", nom="C", email="c@example.org"))
    assert third.statut == "attente"
    event.liste_attente = False
    event.save_revision().publish()
    with pytest.raises(EventFull):
        register(stale, Inscription(prenom="D", nom="D", email="d@example.org"))
    assert Inscription.objects.filter(statut="confirmee").count() == 2


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"email": ""}, "email", "Indiquez votre adresse e-mail."),
    ({"email": "awa-at-example"}, "email", "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
    ({"prenom": ""}, "prenom", "Indiquez votre prénom."),
    ({"nom": "<script>alert(1)</script>"}, "nom", "Les caractères < et > ne sont pas autorisés."),
    ({"organisation": "<b>Mairie</b>"}, "organisation", "Les caractères < et > ne sont pas autorisés."),
])
def test_bad_input_is_rejected_with_a_french_message_keeping_what_was_typed(client, event, changes, field,
                                                                          message):
    response = post(client, event, **changes)
    assert response.status_code == 400
    assert message in alert_text(response)
    assert soup(response).find(id=f"id_{field}-error").get_text() == message
    assert soup(response).find("input", {"name": field})["aria-invalid"] == "true"
    values = typed_values(response)
    for name, value in {**GOOD, **changes}.items():
        assert values[name] == value  # escaped in the HTML, given back as typed
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Inscription.objects.exists()  # and no e-mail: test_refused_registrations_send_no_email


def test_duplicate_registration_is_refused_whatever_the_case_of_the_address(client, event):
    post(client, event)
    response = post(client, event, email="AWA@Example.org", prenom="Awa bis")
    assert response.status_code == 400
    assert "Cette adresse e-mail est déjà inscrite à cet événement." in alert_text(response)
    assert typed_values(response)["prenom"] == "Awa bis"
    assert Inscription.objects.count() == 1


def test_a_cancelled_registration_does_not_block_registering_again(client, event):
    post(client, event)
    Inscription.objects.update(statut="annulee")
    assert post(client, event).status_code == 302
    assert Inscription.objects.filter(statut="confirmee").count() == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"inscriptions_ouvertes": False}, "Les inscriptions sont closes."),
    ({"cloture_inscriptions": at(-1)}, "Les inscriptions ont été closes le"),
])
def test_closed_registration_is_refused_with_the_reason_keeping_what_was_typed(client, event, changes, message):
    for name, value in changes.items():
        setattr(event, name, value)
    event.save_revision().publish()
    assert message in soup(client.get(event.url)).select_one("#inscription").get_text()
    response = post(client, event)
    assert response.status_code == 400
    assert message in alert_text(response)
    assert typed_values(response)["email"] == GOOD["email"]
    assert not Inscription.objects.exists()


def test_past_event_takes_no_registration(client, index):
    past = make_event(index, "Journée passée", inscription="formulaire", seances=[(at(-3), at(-3, 12))])
    response = post(client, past)
    assert response.status_code == 400 and "Cet événement est terminé." in alert_text(response)


def test_honeypot_filled_by_a_robot_records_nothing(client, event):
    response = post(client, event, site_web="http://spam.example")
    assert response.status_code == 400
    assert not Inscription.objects.exists()


@pytest.mark.services
def test_refused_registrations_send_no_email(client, event, mailpit):
    post(client, event, email="awa-at-example")
    post(client, event, nom="<script>alert(1)</script>")
    post(client, event, site_web="http://spam.example")
    assert not Inscription.objects.exists()
    assert mailpit.messages() == []  # the SMTP send returns once Mailpit stored the message


@pytest.mark.services
def test_text_typed_by_people_is_escaped_in_the_html_part(client, event, mailpit):
    event.message_confirmation = "Accueil <script>alert(1)</script> & café"
    event.save_revision().publish()
    post(client, event, prenom='Awa "Léa" & co')
    (message,) = mailpit.wait_for("awa@example.org")
    assert "<script>" not in message["HTML"]
    assert "Accueil &lt;script&gt;alert(1)&lt;/script&gt; &amp; café" in message["HTML"]
    assert "Bonjour Awa &quot;Léa&quot; &amp; co," in message["HTML"]
    assert 'Bonjour Awa "Léa" & co,' in message["Text"]  # the plain text as typed


def test_registration_needs_a_csrf_token(event):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(f"{event.url}inscription/", GOOD)
    assert response.status_code == 403
    assert not Inscription.objects.exists()


@pytest.mark.services
def test_registration_is_kept_when_the_confirmation_email_fails(client, event, mailpit):
    with mailpit.stopped():
        response = post(client, event)
    assert response["Location"] == f"{event.url}?inscription=confirmee&courriel=echec#inscription"
    assert Inscription.objects.filter(statut="confirmee").exists()
    assert "n'a pas pu être envoyé" in soup(client.get(response["Location"])).select_one("#inscription").get_text()


# Registrants export --------------------------------------------------------------------------------
@pytest.fixture
def registrants(client, event):
    post(client, event, email="un@example.org", nom="=HYPERLINK(\"http://x\")")
    post(client, event, email="deux@example.org", organisation="Mairie de Rezé")
    post(client, event, email="trois@example.org")
    return event


def test_editors_download_the_registrants_as_csv(client, registrants, admin_user):
    client.force_login(admin_user)
    assert "inscrits/" in soup(client.get(registrants.url)).select_one(".event-export a")["href"]
    response = client.get(f"{registrants.url}inscrits/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="inscrits-{registrants.slug}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Nom", "Prénom", "Organisation", "E-mail", "Statut", "Inscrit·e le"]
    assert [(row[3], row[4]) for row in rows[1:]] == [("un@example.org", "Confirmée"),
                                                      ("deux@example.org", "Confirmée"),
                                                      ("trois@example.org", "Liste d'attente")]
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"  # never run as a spreadsheet formula
    assert rows[2][2] == "Mairie de Rezé"


def test_registrants_export_is_refused_to_the_public_and_to_non_editors(client, registrants):
    response = client.get(f"{registrants.url}inscrits/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not soup(client.get(registrants.url)).select(".event-export")
    visitor = User.objects.create_user("lecteur", password="x")
    client.force_login(visitor)
    assert client.get(f"{registrants.url}inscrits/").status_code == 403


def test_a_page_editor_of_the_agenda_may_export(client, registrants, index):
    editors = Group.objects.create(name="Agenda")
    GroupPagePermission.objects.create(group=editors, page=index, permission_type="change")
    editor = User.objects.create_user("editrice", password="x")
    editor.groups.add(editors)
    client.force_login(editor)
    assert client.get(f"{registrants.url}inscrits/").status_code == 200


def test_admin_lists_registrations_filterable_by_event_and_exports_them(client, registrants, index, admin_user):
    other = make_event(index, "Autre atelier", inscription="formulaire")
    post(client, other, email="autre@example.org")
    client.force_login(admin_user)
    response = client.get("/admin/inscriptions/", {"evenement": registrants.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "un@example.org" in html and "autre@example.org" not in html
    export = client.get("/admin/inscriptions/", {"evenement": other.pk, "export": "csv"})
    assert export.status_code == 200
    assert "autre@example.org" in export.getvalue().decode() and "un@example.org" not in export.getvalue().decode()
