"""Subscribing to the bulletins de veille: the form of the archive and of each bulletin, the confirmation
e-mail (a GET of its link confirms nothing, the button does), one-click unsubscribing, a signed-in reader's
one click and « Mon espace », and every bad input answered in French."""
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.veille.bulletins import make_archive, make_bulletin
from tests.veille.conftest import SITE, link_to, path_of
from veille import optin
from veille.models import AbonnementBulletin

LEA = "lea@example.org"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response):
    return " ".join(soup(response).main.get_text(" ").split())


@pytest.fixture
def archive(db, documentary_page):
    return make_archive()


def form_of(response):
    form = soup(response).find("form", class_="bulletin-subscribe")
    assert form is not None, "no subscription form on the page"
    return form


def ask(client, archive, email=LEA):
    return client.post(f"{archive.url}abonnement/", {"email": email})


def test_subscribe_from_the_archive_confirm_by_button_and_unsubscribe_in_one_click(archive, mailpit):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(archive.url)
    form = form_of(page)
    label = form.find("label", attrs={"for": "abonnement-email"})
    assert label.get_text() == "Votre adresse e-mail" and form.find("input", id="abonnement-email") is not None
    assert form["action"] == f"{archive.url}abonnement/"
    csrf = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    answer = browser.post(form["action"], {"csrfmiddlewaretoken": csrf, "email": " Lea@Example.org "})
    assert answer.status_code == 200
    assert soup(answer).h1.get_text() == "Consultez votre messagerie"
    assert "un e-mail a été envoyé à lea@example.org" in main_text(answer)

    (confirmation,) = mailpit.wait_for(LEA)
    assert confirmation["Subject"] == "Confirmez votre abonnement : Bulletins de veille"
    confirm_url = link_to(confirmation, r"/veille/bulletins/confirmation/")
    assert confirm_url.startswith(SITE) and confirm_url in confirmation["Text"]
    assert f"{SITE}{archive.url}" in confirmation["Text"]
    abonnement = AbonnementBulletin.objects.get(email=LEA, archive=archive)
    assert not abonnement.confirmed

    opened = browser.get(path_of(confirm_url))  # a mail scanner following the link confirms nothing
    assert opened.status_code == 200 and opened["X-Robots-Tag"] == "noindex"
    assert soup(opened).find("button", string="Confirmer mon abonnement") is not None
    abonnement.refresh_from_db()
    assert not abonnement.confirmed
    csrf = soup(opened).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    confirmed = browser.post(path_of(confirm_url), {"csrfmiddlewaretoken": csrf})
    assert soup(confirmed).h1.get_text() == "Votre abonnement est confirmé"
    abonnement.refresh_from_db()
    assert abonnement.confirmed
    again = browser.get(path_of(confirm_url))
    assert "Cet abonnement était déjà confirmé." in main_text(again)

    unsubscribe = f"/veille/bulletins/desabonnement/{abonnement.jeton}/"
    shown = browser.get(unsubscribe)  # a GET only shows the button
    assert "Ne plus recevoir à lea@example.org les bulletins de « Bulletins de veille »" in main_text(shown)
    assert AbonnementBulletin.objects.filter(pk=abonnement.pk).exists()
    done = Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Vous êtes désabonné" in main_text(done)
    assert not AbonnementBulletin.objects.filter(pk=abonnement.pk).exists()


def test_each_bulletin_page_has_the_form_of_its_archive(archive):
    bulletin = make_bulletin(archive)
    form = form_of(Client().get(bulletin.url))
    assert form["action"] == f"{archive.url}abonnement/"
    assert form.find("button").get_text() == "M'abonner aux bulletins"


@pytest.mark.parametrize("email, message", [
    ("lea@@example", "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
    ("", "Indiquez votre adresse e-mail."),
])
def test_a_bad_address_is_refused_in_french_and_nothing_is_saved(client, archive, mailpit, email, message):
    response = ask(client, archive, email)
    assert response.status_code == 400
    page = soup(response)
    assert message in main_text(response)
    field = page.find("input", id="abonnement-email")
    assert field["aria-invalid"] == "true" and field["aria-describedby"] == "abonnement-email-error"
    assert page.find("div", role="alert").find("a")["href"] == "#abonnement-email"
    assert not AbonnementBulletin.objects.exists() and mailpit.messages() == []


def test_asking_twice_makes_one_subscription_and_never_tells_who_is_subscribed(client, archive, mailpit):
    first = main_text(ask(client, archive))
    ask(client, archive, "LEA@example.org")
    assert AbonnementBulletin.objects.count() == 1
    assert len(mailpit.messages(LEA)) == 1  # the confirmation is not sent again at once
    AbonnementBulletin.objects.get().confirm()
    AbonnementBulletin.objects.update(confirmation_envoyee_le=timezone.now() - timedelta(minutes=11))
    known = main_text(ask(client, archive))
    assert known == first  # the same answer whether the address is subscribed or not
    reminder = mailpit.wait_for(LEA, count=2)[1]
    assert reminder["Subject"] == "Vous recevez déjà les bulletins : Bulletins de veille"
    assert link_to(reminder, "/desabonnement/").endswith(
        f"/veille/bulletins/desabonnement/{AbonnementBulletin.objects.get().jeton}/")


def test_an_unknown_or_expired_confirmation_link_is_refused_in_french(client, archive, mailpit):
    path = "/veille/bulletins/confirmation/{}/"
    for token in ("inconnu", "x" * 300):
        response = client.get(path.format(token))
        assert response.status_code == 404 and "Ce lien n'est pas valide ou a expiré." in main_text(response)
        assert client.post(path.format(token)).status_code == 404
    ask(client, archive)
    abonnement = AbonnementBulletin.objects.get()
    AbonnementBulletin.objects.update(confirmation_envoyee_le=timezone.now() - timedelta(days=8))
    expired = client.post(path.format(abonnement.jeton_confirmation))
    assert expired.status_code == 404
    abonnement.refresh_from_db()
    assert not abonnement.confirmed


def test_an_unknown_unsubscribe_link_says_nothing_is_sent(client, archive):
    shown = client.get("/veille/bulletins/desabonnement/inconnu/")
    assert shown.status_code == 200 and "Cette adresse n'est plus abonnée" in main_text(shown)
    assert client.post("/veille/bulletins/desabonnement/inconnu/").status_code == 200


def test_too_many_requests_from_one_connection_are_refused(client, archive, mailpit, monkeypatch):
    monkeypatch.setattr(optin, "REQUESTS_PER_HOUR", 1)
    assert ask(client, archive, "a@example.org").status_code == 200
    refused = ask(client, archive, "b@example.org")
    assert refused.status_code == 429 and "Trop de demandes" in main_text(refused)
    assert not AbonnementBulletin.objects.filter(email="b@example.org").exists()


def test_the_smtp_server_down_keeps_the_request_and_asking_again_sends(client, archive, mailpit, settings):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9
    response = ask(client, archive)
    assert response.status_code == 503 and "n'a pas pu être envoyé" in main_text(response)
    assert AbonnementBulletin.objects.filter(email=LEA).exists()
    settings.EMAIL_PORT = port
    ask(client, archive)
    assert len(mailpit.wait_for(LEA)) == 1


@pytest.fixture
def reader(db):
    user = get_user_model().objects.create_user("lea", LEA, "pw-Lea-2026")
    EmailAddress.objects.create(user=user, email=LEA, verified=True, primary=True)
    return user


def test_a_signed_in_reader_subscribes_in_one_click_and_sees_it_in_mon_espace(client, archive, reader, mailpit):
    client.force_login(reader)
    form = form_of(client.get(archive.url))
    assert form.find("input", attrs={"name": "email"}) is None  # nothing to type
    assert "Chaque nouveau bulletin sera envoyé à lea@example.org." in form.get_text(" ")
    response = client.post(f"{archive.url}abonnement/")
    assert soup(response).h1.get_text() == "Votre abonnement est actif"
    abonnement = AbonnementBulletin.objects.get()
    assert abonnement.confirmed and abonnement.user == reader and mailpit.messages() == []
    assert soup(client.post(f"{archive.url}abonnement/")).h1.get_text() == "Vous êtes déjà abonné·e"
    assert AbonnementBulletin.objects.count() == 1 and mailpit.messages() == []

    espace = soup(client.get("/mon-espace/"))
    section = espace.find("section", attrs={"aria-labelledby": "bulletins-titre"})
    assert section is not None and "Bulletins de veille" in section.get_text()
    button = section.find("button")
    stop = client.post(button.find_parent("form")["action"], follow=True)
    assert stop.status_code == 200 and not AbonnementBulletin.objects.exists()


def test_the_readers_data_lists_and_account_deletion_removes_the_bulletin_subscriptions(client, archive, reader):
    from lecteurs import rgpd

    other = AbonnementBulletin.objects.create(archive=archive, email="autre@example.org", confirmee_le=timezone.now())
    AbonnementBulletin.objects.create(archive=archive, email=LEA, user=reader, confirmee_le=timezone.now())
    client.force_login(reader)
    exported = client.get("/mon-espace/mes-donnees/").json()
    assert [row["bulletins"] for row in exported["abonnements_bulletins"]] == ["Bulletins de veille"]
    assert client.post("/mon-espace/bulletins/{}/desabonner/".format(other.pk)).status_code == 404  # not theirs
    rgpd.delete_account(reader)
    assert list(AbonnementBulletin.objects.values_list("email", flat=True)) == ["autre@example.org"]


def test_the_admin_adds_a_partner_centres_address_which_confirms_like_anyone(admin_client, archive, contributeurs,
                                                                              mailpit):
    form = admin_client.get("/admin/veille/abonnes/new/")
    assert form.status_code == 200
    created = admin_client.post("/admin/veille/abonnes/new/", {
        "archive": archive.pk, "email": "veille@resovilles.example.org", "centre": contributeurs["resovilles"].pk},
        follow=True)
    assert "Un e-mail de confirmation a été envoyé à veille@resovilles.example.org" in created.content.decode()
    abonnement = AbonnementBulletin.objects.get()
    assert abonnement.centre == contributeurs["resovilles"] and not abonnement.confirmed  # double opt-in
    (confirmation,) = mailpit.wait_for("veille@resovilles.example.org")
    assert confirmation["Subject"] == "Confirmez votre abonnement : Bulletins de veille"
    listing = admin_client.get("/admin/veille/abonnes/").content.decode()
    assert "veille@resovilles.example.org" in listing and "RésO Villes" in listing
    bad = admin_client.post("/admin/veille/abonnes/new/", {"archive": archive.pk, "email": "pas-une-adresse"})
    assert bad.status_code == 200 and "Saisissez une adresse de courriel valide." in bad.content.decode()
    assert AbonnementBulletin.objects.count() == 1
