"""The service's e-mails arrive, through the real SMTP server (Mailpit): the acknowledgement and the team's
notification of a public request, the answer written in the admin. HTML + text, in French, links on the configured
site address, from the service's address with a working Reply-To, users' text escaped in the HTML part; a mail
server down loses nothing."""
import pytest
from django.core.cache import cache
from django.urls import reverse

from infodoc.models import DemandeInfoDoc, Reponse, Statut
from tests.mailpit import links

from .test_answer import REPONDRE, answer_data
from .test_public_form import post

pytestmark = pytest.mark.services

SITE = "https://crpv.example.org"
REQUESTER = "awa.diallo@example.org"
TEAM = "infodoc@example.org"


@pytest.fixture(autouse=True)
def _site_address_and_rate_limit(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE  # not the test client's host: links must not follow the request
    settings.WAGTAIL_SITE_NAME = "Centre de ressources Essai"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def valid_data(territories):
    return {"nom": "Awa Diallo", "organisation": "Ville de Sarcelles", "type_structure": "ville",
            "email": REQUESTER, "telephone": "01 34 00 00 00", "territoire_libelle": "sarcelles",
            "question": "Revenus < 60 % & « médiane » : quelles sources ? <img src=x onerror=alert(1)",
            "echeance_souhaitee": "", "consentement": "on"}


@pytest.fixture
def some_page(home):
    from home.models import StandardPage

    page = home.add_child(instance=StandardPage(title="Évaluer un contrat de ville", slug="evaluer"))
    page.save_revision().publish()
    return page


def assert_signed(message):
    """The site's name and address close both parts."""
    assert "Centre de ressources Essai" in message["Text"] and f"{SITE}/" in message["Text"]
    assert "Centre de ressources Essai" in message["HTML"] and f'href="{SITE}/"' in message["HTML"]


def test_the_requester_gets_an_acknowledgement_from_the_service(client, request_page, valid_data, infodoc_settings,
                                                                mailpit):
    assert post(client, request_page, valid_data).status_code == 302
    demande = DemandeInfoDoc.objects.get()
    (message,) = mailpit.wait_for(REQUESTER)
    assert message["Subject"] == f"Votre demande d'information {demande.reference}"
    assert (message["From"], message["ReplyTo"]) == (TEAM, [TEAM])  # a reply reaches the team
    assert message["FromName"] == "Service info-doc – Centre de ressources Essai"
    for part in (message["Text"], message["HTML"]):
        assert "Nous avons bien reçu votre demande d'information." in part and demande.reference in part
    assert links(message) == [f"{SITE}/", f"{SITE}/demande-info-doc/", f"{SITE}/"]
    assert_signed(message)


def test_users_text_is_escaped_in_the_html_part(client, request_page, valid_data, infodoc_settings, mailpit):
    post(client, request_page, valid_data)
    (confirmation,) = mailpit.wait_for(REQUESTER)
    (notification,) = mailpit.wait_for(TEAM)
    for message in (confirmation, notification):
        assert "<img" not in message["HTML"]
        assert "Revenus &lt; 60 % &amp; « médiane » : quelles sources ? &lt;img src=x" in message["HTML"]
        assert "Revenus < 60 % & « médiane » : quelles sources ? <img src=x" in message["Text"]  # plain text as typed


def test_the_team_is_notified_and_replies_to_the_requester(client, request_page, valid_data, infodoc_settings,
                                                           mailpit):
    post(client, request_page, valid_data)
    demande = DemandeInfoDoc.objects.get()
    (message,) = mailpit.wait_for(TEAM)
    assert message["Subject"] == f"Nouvelle demande info-doc {demande.reference}"
    assert message["ReplyTo"] == [REQUESTER]
    assert "De : Awa Diallo, Ville de Sarcelles" in message["Text"]
    assert "Ouvrir la demande dans l'administration" in message["HTML"]
    edit = f"{SITE}/admin/snippets/infodoc/demandeinfodoc/edit/{demande.pk}/"
    assert edit in message["Text"] and edit in links(message)
    assert_signed(message)


def test_without_a_team_address_the_acknowledgement_comes_from_the_default_sender(client, request_page, valid_data,
                                                                                  settings, mailpit):
    settings.DEFAULT_FROM_EMAIL = "contact@crpv.example.org"
    post(client, request_page, valid_data)
    (message,) = mailpit.wait_for(REQUESTER)
    assert (message["From"], message["ReplyTo"]) == ("contact@crpv.example.org", ["contact@crpv.example.org"])
    assert [m["To"] for m in mailpit.messages()] == [[REQUESTER]]  # no team to notify


def test_refused_input_and_spam_send_no_email(client, request_page, valid_data, infodoc_settings, mailpit):
    post(client, request_page, {**valid_data, "consentement": ""})
    post(client, request_page, {**valid_data, "nom": "<b>Awa</b>"})
    post(client, request_page, {**valid_data, "site_internet": "http://spam.example"})
    assert not DemandeInfoDoc.objects.exists()
    assert mailpit.messages() == []  # the SMTP send returns once Mailpit stored the message


def test_mail_server_down_keeps_the_request_and_says_so_in_french(client, request_page, valid_data, infodoc_settings,
                                                                  mailpit):
    with mailpit.stopped():
        response = post(client, request_page, valid_data)
    assert response.status_code == 302
    demande = DemandeInfoDoc.objects.get()  # saved all the same
    assert demande.email == REQUESTER and demande.statut == Statut.NOUVELLE
    page = client.get(response["Location"]).content.decode()
    assert demande.reference in page
    assert "l'e-mail de confirmation n'a pas pu vous être envoyé" in page.replace("&#x27;", "'")
    assert "A confirmation with this reference has been sent" not in page


def test_the_answer_comes_from_the_service_with_links_on_the_site(client, team_member, demande, some_page,
                                                                  infodoc_settings, mailpit):
    client.force_login(team_member)
    data = answer_data("send", some_page)
    data["corps"] = "Bonjour,\n\nVoici des ressources <script>alert('x')</script> sur l'évaluation."
    response = client.post(reverse(REPONDRE, args=[demande.pk]), data)
    assert response.status_code == 302
    (message,) = mailpit.wait_for(demande.email)
    assert message["Subject"] == "Réponse à votre demande"
    assert (message["From"], message["ReplyTo"]) == (TEAM, [TEAM])
    assert message["FromName"] == "Service info-doc – Centre de ressources Essai"
    assert f"Évaluer un contrat de ville : {SITE}/evaluer/" in message["Text"]
    assert f"Référence de votre demande : {demande.reference}" in message["Text"]
    assert f"Référence de votre demande : {demande.reference}" in message["HTML"]
    assert [f"{SITE}/evaluer/", "https://anct.gouv.fr/"] == links(message)[1:3]
    assert "<script>" not in message["HTML"] and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in message["HTML"]
    assert Reponse.objects.get().message == message["Text"]  # what is kept is what was sent
    assert_signed(message)


def test_the_preview_sends_nothing_and_shows_the_links_on_the_site(client, team_member, demande, some_page, mailpit):
    client.force_login(team_member)
    response = client.post(reverse(REPONDRE, args=[demande.pk]), answer_data("preview", some_page))
    assert f"Évaluer un contrat de ville : {SITE}/evaluer/" in response.content.decode()
    assert mailpit.messages() == [] and not Reponse.objects.exists()


def test_refused_answers_send_nothing(client, team_member, demande, some_page, mailpit):
    from infodoc import rgpd

    client.force_login(team_member)
    data = answer_data("send", some_page)
    data["corps"] = ""
    assert client.post(reverse(REPONDRE, args=[demande.pk]), data).status_code == 200
    rgpd.anonymise(DemandeInfoDoc.objects.filter(pk=demande.pk))
    assert client.post(reverse(REPONDRE, args=[demande.pk]), answer_data("send", some_page)).status_code == 302
    assert mailpit.messages() == [] and not Reponse.objects.exists()


def test_mail_server_down_records_no_answer_and_keeps_the_text(client, team_member, demande, some_page, mailpit):
    client.force_login(team_member)
    with mailpit.stopped():
        response = client.post(reverse(REPONDRE, args=[demande.pk]), answer_data("send", some_page))
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "La réponse n'a pas pu être envoyée : le serveur de messagerie ne l'a pas acceptée." in html
    assert "Voici des ressources sur l'évaluation des contrats de ville." in html  # nothing typed is lost
    demande.refresh_from_db()
    assert not Reponse.objects.exists() and demande.statut != Statut.REPONDUE
    # Once the server is back, sending again works.
    assert client.post(reverse(REPONDRE, args=[demande.pk]), answer_data("send", some_page)).status_code == 302
    assert len(mailpit.wait_for(demande.email)) == 1 and Reponse.objects.count() == 1
