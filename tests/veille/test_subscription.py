"""Subscribing (double opt-in), confirming, managing and unsubscribing: every entry point and its bad input."""
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.veille.conftest import follow, link_to, path_of
from veille import optin
from veille.models import Alerte

LEA = "lea@example.org"
SEARCH = {"q": "jardins", "theme": "Santé"}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response):
    return " ".join(soup(response).main.get_text(" ").split())


def ask(client, email=LEA, frequency="hebdomadaire", **search):
    return client.post("/veille/abonnement/", {**(search or SEARCH), "email": email, "frequence": frequency})


@pytest.fixture
def page(db, documentary_page):
    return documentary_page


def test_asking_twice_makes_one_alert_and_resends_the_confirmation_only_after_a_while(client, page, mailpit):
    ask(client)
    (first,) = mailpit.wait_for(LEA)
    ask(client, frequency="quotidienne", q="Jardins", theme="Santé", tri="titre")  # the same search
    assert Alerte.objects.count() == 1
    assert Alerte.objects.get().frequence == "quotidienne"  # still a request: the latest wish counts
    assert len(mailpit.messages(LEA)) == 1  # rate-limited

    Alerte.objects.update(confirmation_envoyee_le=timezone.now() - timedelta(minutes=11))
    ask(client)
    second = mailpit.wait_for(LEA, count=2)[1]
    assert link_to(second, "/confirmation/") == link_to(first, "/confirmation/")


def test_the_answer_never_tells_whether_the_address_already_follows_the_search(client, page, mailpit):
    unknown = main_text(ask(client, email="nouveau@example.org"))
    follow("q=jardins&theme=Santé", LEA)
    known = main_text(ask(client))
    assert unknown.replace("nouveau@example.org", LEA) == known
    (reminder,) = mailpit.wait_for(LEA)  # only the owner of the address learns it
    assert reminder["Subject"] == "Vous recevez déjà cette alerte par e-mail"
    assert link_to(reminder, "/veille/alerte/").endswith(f"/veille/alerte/{Alerte.objects.get(email=LEA).jeton}/")


def test_an_invalid_address_is_refused_in_french_and_nothing_is_saved(client, page, mailpit):
    response = ask(client, email="lea@@example")
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide" in soup(response).find(attrs={"role": "alert"}).get_text()
    field = soup(response).find("input", attrs={"name": "email"})
    assert field["value"] == "lea@@example" and field["aria-invalid"] == "true"
    assert not Alerte.objects.exists() and mailpit.messages() == []


def test_a_bad_search_is_refused_with_the_search_pages_own_messages(client, page, mailpit):
    response = client.post("/veille/abonnement/", {"q": "jardins", "annee_min": "deux-mille", "email": LEA,
                                                   "frequence": "hebdomadaire"})
    assert response.status_code == 400
    assert "Doit être un nombre entier." in soup(response).find(attrs={"role": "alert"}).get_text()
    assert not Alerte.objects.exists()
    unknown = ask(client, frequency="horaire")
    assert unknown.status_code == 400 and not Alerte.objects.exists() and mailpit.messages() == []


def test_the_standalone_form_shows_the_search_and_posts_it(client, page):
    response = client.get("/veille/abonnement/", {"q": "jardins", "theme": "Santé", "page": "2"})
    assert response.status_code == 200
    assert "« jardins » ; Thème : Santé" in main_text(response)
    hidden = {(field["name"], field["value"]) for field in soup(response).select("form input[type=hidden]")
              if field["name"] != "csrfmiddlewaretoken"}
    assert hidden == {("q", "jardins"), ("theme", "Santé")}


def test_a_forged_or_expired_confirmation_link_confirms_nothing(client, page, mailpit):
    forged = client.get("/veille/confirmation/0123456789abcdef0123456789abcdef0123456789a/")
    assert forged.status_code == 404 and "Lien non valide" in main_text(forged)
    ask(client)
    (confirmation,) = mailpit.wait_for(LEA)
    Alerte.objects.update(confirmation_envoyee_le=timezone.now() - timedelta(days=8))
    expired = client.post(path_of(link_to(confirmation, "/confirmation/")))
    assert expired.status_code == 404 and "a expiré" in main_text(expired)
    assert Alerte.objects.get().confirmee_le is None


def test_the_confirmation_post_needs_the_pages_csrf_token(page, mailpit):
    browser = Client(enforce_csrf_checks=True)
    ask(Client())
    url = path_of(link_to(mailpit.wait_for(LEA)[0], "/confirmation/"))
    assert browser.post(url).status_code == 403
    assert Alerte.objects.get().confirmee_le is None


def test_one_click_unsubscribe_needs_no_login_nor_token_and_a_get_only_asks(page):
    alert = follow("q=jardins", LEA)
    url = f"/veille/desabonnement/{alert.jeton}/"
    shown = Client().get(url)
    assert shown.status_code == 200 and soup(shown).find("button", string="Se désabonner") is not None
    assert Alerte.objects.filter(pk=alert.pk).exists()
    done = Client(enforce_csrf_checks=True).post(url, "List-Unsubscribe=One-Click",
                                                 content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200 and "Vous êtes désabonné·e" in main_text(done)
    assert not Alerte.objects.filter(pk=alert.pk).exists()
    again = Client(enforce_csrf_checks=True).post(url)
    assert again.status_code == 200 and main_text(again) == main_text(done)


def test_a_forged_manage_or_unsubscribe_link_reveals_nothing(client, page):
    follow("q=jardins", LEA)
    assert client.get("/veille/alerte/forge/").status_code == 404
    shown = client.get("/veille/desabonnement/forge/")
    assert shown.status_code == 200 and LEA not in shown.content.decode()
    assert client.post("/veille/desabonnement/forge/").status_code == 200
    assert Alerte.objects.count() == 1


def test_the_manage_page_changes_the_frequency(page):
    alert = follow("q=jardins", LEA, "hebdomadaire")
    browser = Client(enforce_csrf_checks=True)
    url = f"/veille/alerte/{alert.jeton}/"
    shown = browser.get(url)
    assert "« jardins »" in main_text(shown) and LEA in main_text(shown)
    assert browser.post(url, {"frequence": "mensuelle"}).status_code == 403  # no CSRF token: refused
    csrf = soup(shown).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    saved = browser.post(url, {"frequence": "mensuelle", "csrfmiddlewaretoken": csrf})
    assert "La fréquence est enregistrée." in main_text(saved)
    alert.refresh_from_db()
    assert alert.frequence == "mensuelle"
    assert browser.post(url, {"frequence": "horaire", "csrfmiddlewaretoken": csrf}).status_code == 400


def test_a_signed_in_account_subscribes_with_its_address_confirmed_by_e_mail(client, page, mailpit):
    user = get_user_model().objects.create_user("lea", LEA, "motdepasse-solide")
    client.force_login(user)
    results = client.get("/base-documentaire/", {"q": "jardins"})
    form = soup(results).find("form", attrs={"action": "/veille/abonnement/"})
    assert form.find("input", attrs={"name": "email"}) is None and LEA in form.get_text()
    client.post("/veille/abonnement/", {"q": "jardins", "frequence": "quotidienne", "email": "autre@example.org"})
    alert = Alerte.objects.get()
    assert (alert.email, alert.user, alert.confirmee_le) == (LEA, user, None)  # address not verified yet
    assert len(mailpit.wait_for(LEA)) == 1 and mailpit.messages("autre@example.org") == []


def test_a_verified_account_address_is_active_at_once(client, page, mailpit):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user("lea", LEA, "motdepasse-solide")
    EmailAddress.objects.create(user=user, email=LEA, verified=True, primary=True)  # confirmed at sign-up
    client.force_login(user)
    response = client.post("/veille/abonnement/", {"q": "jardins", "frequence": "quotidienne"})
    assert "Votre alerte est active" in main_text(response)
    assert Alerte.objects.get().confirmee_le is not None and mailpit.messages() == []


def test_too_many_requests_from_one_connection_are_refused(client, page, mailpit, monkeypatch):
    monkeypatch.setattr(optin, "REQUESTS_PER_HOUR", 2)
    assert ask(client, email="a@example.org").status_code == 200
    assert ask(client, email="b@example.org").status_code == 200
    refused = ask(client, email="c@example.org")
    assert refused.status_code == 429 and "Trop de demandes" in main_text(refused)
    assert not Alerte.objects.filter(email="c@example.org").exists()


def test_the_smtp_server_down_keeps_the_request_and_asking_again_sends(client, page, mailpit, settings):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9
    response = ask(client)
    assert response.status_code == 503 and "n'a pas pu être envoyé" in main_text(response)
    assert Alerte.objects.filter(email=LEA).exists()
    settings.EMAIL_PORT = port
    ask(client)
    assert len(mailpit.wait_for(LEA)) == 1
