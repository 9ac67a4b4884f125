"""Sign-up, login and confirmation refuse bad input with a clear French message and lose nothing."""
import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.contrib.auth import get_user_model
from django.test import Client

from tests.lecteurs.conftest import PASSWORD, make_reader
from tests.mailpit import links

pytestmark = pytest.mark.django_db
SITE = "https://crpv.example.org"


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main"):html.index("</main>")]


def field_tag(html, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def test_sign_up_page_is_french_and_labels_its_fields(client):
    response = client.get("/compte/inscription/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html and '<main id="contenu"' in html and 'role="search"' in html
    assert "Création de compte" in main_of(response)
    for name in ("email", "password1", "password2"):
        field_id = re.search(r'id="([^"]+)"', field_tag(html, name)).group(1)
        assert f'<label for="{field_id}">' in html, name
    # The password rules are the password field's description.
    assert 'aria-describedby="id_password1_helptext"' in field_tag(html, "password1")
    assert 'id="id_password1_helptext"' in html and "au minimum 8 caractères" in html


def test_weak_password_is_refused_and_the_error_is_linked_to_its_field(client):
    response = client.post("/compte/inscription/", {"email": "nouveau@example.org", "password1": "12345678",
                                                     "password2": "12345678"})
    html = response.content.decode()
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="nouveau@example.org").exists()
    tag = field_tag(html, "password1")
    assert 'aria-invalid="true"' in tag and "id_password1_error" in tag
    error = re.search(r'<ul class="errorlist" id="id_password1_error">(.*?)</ul>', html, re.S).group(1)
    assert "Ce mot de passe est entièrement numérique" in error
    assert 'value="nouveau@example.org"' in html  # what was typed is kept


def test_different_confirmation_is_refused(client):
    response = client.post("/compte/inscription/", {"email": "nouveau@example.org", "password1": PASSWORD,
                                                     "password2": PASSWORD + "x"})
    assert response.status_code == 200
    assert "Vous devez saisir deux fois le même mot de passe" in response.content.decode()
    assert not get_user_model().objects.filter(email="nouveau@example.org").exists()


def test_duplicate_e_mail_creates_nothing_and_tells_the_owner(client, mailpit, settings, reader):
    """No account enumeration: the page answers as for a new address; the address's owner gets an e-mail."""
    settings.WAGTAILADMIN_BASE_URL = SITE
    response = client.post("/compte/inscription/", {"email": "Lectrice@Example.org", "password1": PASSWORD,
                                                     "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/compte/confirmer-email/"
    assert get_user_model().objects.filter(email__iexact="lectrice@example.org").count() == 1
    (message,) = mailpit.wait_for("lectrice@example.org")
    assert message["Subject"].startswith("Ce compte existe déjà")
    assert f"{SITE}/compte/mot-de-passe/reinitialiser/" in links(message)
    assert "un compte existe déjà avec cette adresse" in message["HTML"]
    assert message["Text"].strip()


def test_wrong_password_is_refused_in_french(client, reader):
    response = client.post("/compte/connexion/", {"login": reader.email, "password": "pas-le-bon"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert re.search(r'<div class="alert" role="alert">.*L’adresse e-mail ou le mot de passe sont incorrects',
                     main_of(response), re.S)


def test_login_failures_are_rate_limited(client, reader):
    """The login lockout (crpv_site.security): 5 attempts per account from one address within a quarter of
    an hour; then even the right password waits."""
    for _attempt in range(5):
        client.post("/compte/connexion/", {"login": reader.email, "password": "pas-le-bon"})
    response = client.post("/compte/connexion/", {"login": reader.email, "password": PASSWORD})
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unconfirmed_reader_cannot_log_in(client, mailpit):
    make_reader("pas.confirmee@example.org", verified=False)
    response = client.post("/compte/connexion/", {"login": "pas.confirmee@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/compte/confirmer-email/"
    assert "_auth_user_id" not in client.session
    (message,) = mailpit.wait_for("pas.confirmee@example.org")  # a new confirmation link
    assert message["Subject"].startswith("Confirmez votre adresse e-mail")


def test_forged_confirmation_key_confirms_nothing(client):
    user = make_reader("pas.confirmee@example.org", verified=False)
    forged = EmailConfirmationHMAC(EmailAddress.objects.get(user=user)).key[:-4] + "AAAA"
    page = client.get(f"/compte/confirmer-email/{forged}/")
    assert page.status_code == 200
    assert "Ce lien de confirmation d'adresse e-mail a expiré ou n'est pas valide" in page.content.decode()
    assert client.post(f"/compte/confirmer-email/{forged}/").status_code == 404
    assert not EmailAddress.objects.get(user=user).verified


def test_expired_confirmation_key_confirms_nothing(client, settings):
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
    user = make_reader("pas.confirmee@example.org", verified=False)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=user)).key
    four_days_later = time.time() + 4 * 86400
    with mock.patch("time.time", return_value=four_days_later):
        assert client.post(f"/compte/confirmer-email/{key}/").status_code == 404
    assert not EmailAddress.objects.get(user=user).verified
    assert client.post(f"/compte/confirmer-email/{key}/").status_code == 302  # the same key, still valid today
    assert EmailAddress.objects.get(user=user).verified


def test_sign_up_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/compte/inscription/", {"email": "nouveau@example.org", "password1": PASSWORD,
                                                     "password2": PASSWORD})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="nouveau@example.org").exists()


def test_logout_needs_a_post(reader_client):
    page = reader_client.get("/compte/deconnexion/")
    assert page.status_code == 200 and "_auth_user_id" in reader_client.session
    reader_client.post("/compte/deconnexion/")
    assert "_auth_user_id" not in reader_client.session


def test_header_offers_sign_in_to_visitors_and_my_space_to_readers(client, reader):
    html = client.get("/compte/inscription/").content.decode()
    nav = html[html.index('<nav class="account-nav"'):]
    nav = nav[:nav.index("</nav>")]
    assert 'aria-label="Compte lecteur"' in nav and "Se connecter" in nav and "Mon espace" not in nav
    client.force_login(reader)
    html = client.get("/mon-espace/").content.decode()
    nav = html[html.index('<nav class="account-nav"'):]
    nav = nav[:nav.index("</nav>")]
    assert "Mon espace" in nav and "Se déconnecter" in nav and "Se connecter" not in nav


def test_sign_ups_are_rate_limited_with_a_french_page(client):
    """allauth's limit: 20 sign-up attempts a minute from one address; then a French 429 page."""
    for number in range(20):
        client.post("/compte/inscription/", {"email": f"robot{number}@example.org", "password1": "1",
                                             "password2": "1"})
    response = client.post("/compte/inscription/", {"email": "robot@example.org", "password1": PASSWORD,
                                                     "password2": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode() and '<html lang="fr">' in response.content.decode()
    assert not get_user_model().objects.filter(email="robot@example.org").exists()
