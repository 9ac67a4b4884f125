"""A reader's whole journey, e-mails read from the real Mailpit: sign up, confirm, log in, save a search, fill
the basket, come back another time and find it, export it, delete the account."""
import re

import pytest
import rispy
from allauth.account.models import EmailAddress, EmailConfirmation
from django.contrib.auth import get_user_model

from lecteurs.models import Panier, PanierNotice, RechercheEnregistree
from tests.lecteurs.conftest import PASSWORD
from tests.mailpit import links

pytestmark = pytest.mark.django_db
SITE = "https://crpv.example.org"
EMAIL = "camille.martin@example.org"


@pytest.fixture
def site_address(settings):
    """The configured site address differs from the host the requests use: mails must follow the former."""
    settings.WAGTAILADMIN_BASE_URL = SITE
    settings.WAGTAIL_SITE_NAME = "Centre de ressources Villes et Territoires"
    return SITE


def confirmation_link(message):
    found = {href for href in links(message) if "/compte/confirmer-email/" in href}  # the button and its copy
    assert len(found) == 1, links(message)
    return found.pop()


def sign_up(client, email=EMAIL, password=PASSWORD):
    return client.post("/compte/inscription/", {"email": email, "password1": password, "password2": password})


def test_sign_up_confirm_save_basket_come_back_export_delete(client, mailpit, site_address, notices):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == "/compte/confirmer-email/"
    sent_page = client.get(response["Location"]).content.decode()
    assert "Vérifiez votre adresse e-mail" in sent_page and f"E-mail de confirmation envoyé à {EMAIL}" in sent_page

    # The confirmation e-mail: French, HTML and text, links on the configured site address.
    (message,) = mailpit.wait_for(EMAIL)
    assert message["Subject"] == "Confirmez votre adresse e-mail — Centre de ressources Villes et Territoires"
    link = confirmation_link(message)
    assert link.startswith(f"{SITE}/compte/confirmer-email/")
    assert link in message["Text"]
    assert "Bonjour" in message["Text"] and "Bonjour" in message["HTML"]
    assert "Centre de ressources Villes et Territoires" in message["HTML"]
    assert f'href="{SITE}/"' in message["HTML"]  # the site's address in the header and footer
    assert "testserver" not in message["Text"] + message["HTML"]

    # Not confirmed yet: no login.
    response = client.post("/compte/connexion/", {"login": EMAIL, "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    # Opening the link does not confirm by itself (mail scanners follow links); the button does.
    path = link.removeprefix(SITE)
    page = client.get(path)
    assert page.status_code == 200 and "Confirmer" in page.content.decode()
    assert not EmailAddress.objects.get(email=EMAIL).verified
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/mon-espace/"  # signed in by the same browser
    assert EmailAddress.objects.get(email=EMAIL).verified
    assert "_auth_user_id" in client.session

    client.post("/compte/deconnexion/")
    response = client.post("/compte/connexion/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/mon-espace/"
    assert "Mon espace" in client.get("/mon-espace/").content.decode()
    reader = get_user_model().objects.get(email=EMAIL)
    assert not reader.is_staff and not reader.is_superuser

    # Save a search from the results page (the page number is not kept).
    results = client.get("/base-documentaire/?q=logement")
    assert "Enregistrer cette recherche" in results.content.decode()
    response = client.post("/mon-espace/recherches/enregistrer/",
                           {"nom": "Logement social", "requete": "q=logement&page=1"})
    assert response.status_code == 302
    assert RechercheEnregistree.objects.get(lecteur=reader).requete == "q=logement"

    # Fill the basket, leave, come back: the basket is still there.
    for key in ("logement", "emploi"):
        client.post("/mon-espace/panier/modifier/",
                    {"ajouter": notices[key].pk, "next": "/base-documentaire/?q=logement"})
    client.post("/compte/deconnexion/")
    assert "Votre panier est vide" in client.get("/mon-espace/panier/").content.decode()
    client.post("/compte/connexion/", {"login": EMAIL, "password": PASSWORD})
    basket_page = client.get("/mon-espace/panier/").content.decode()
    assert notices["logement"].titre in basket_page and "L&#x27;emploi des jeunes" in basket_page

    export = client.get("/mon-espace/panier/export/?format=ris")
    assert export.status_code == 200 and export["Content-Disposition"] == 'attachment; filename="panier.ris"'
    titles = [record["title"] for record in rispy.loads(b"".join(export.streaming_content).decode("utf-8-sig"))]
    assert titles == [notices["logement"].titre, notices["emploi"].titre]

    # Delete the account: its data go with it.
    response = client.post("/mon-espace/supprimer-mon-compte/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    assert not EmailAddress.objects.filter(email=EMAIL).exists()
    assert not EmailConfirmation.objects.exists()
    assert (RechercheEnregistree.objects.count(), Panier.objects.count(), PanierNotice.objects.count()) == (0, 0, 0)
    assert "_auth_user_id" not in client.session
    assert client.post("/compte/connexion/", {"login": EMAIL, "password": PASSWORD}).status_code == 200


def test_the_basket_built_before_signing_in_is_kept(client, mailpit, site_address, notices):
    """Anonymous visitors keep their basket in the session; signing in adds it to the account's basket."""
    client.post("/mon-espace/panier/modifier/", {"ajouter": notices["sante"].pk})
    sign_up(client)
    path = confirmation_link(mailpit.wait_for(EMAIL)[0]).removeprefix(SITE)
    client.post(path)
    client.post("/compte/deconnexion/")
    client.post("/mon-espace/panier/modifier/", {"ajouter": notices["logement"].pk})
    client.post("/compte/connexion/", {"login": EMAIL, "password": PASSWORD})
    kept = PanierNotice.objects.filter(panier__lecteur__email=EMAIL, panier__courant=True)
    assert {line.notice_id for line in kept} >= {notices["logement"].pk}
    client.post("/compte/deconnexion/")
    client.post("/compte/connexion/", {"login": EMAIL, "password": PASSWORD})
    page = client.get("/mon-espace/panier/").content.decode()
    assert notices["logement"].titre in page


def test_password_reset_mail_links_to_the_site_address(client, mailpit, site_address, reader):
    response = client.post("/compte/mot-de-passe/reinitialiser/", {"email": reader.email}, HTTP_HOST="localhost")
    assert response.status_code == 302
    (message,) = mailpit.wait_for(reader.email)
    assert message["Subject"].startswith("E-mail de réinitialisation de mot de passe")
    (link,) = {href for href in links(message) if "/compte/mot-de-passe/reinitialiser/cle/" in href}
    assert link.startswith(SITE) and link in message["Text"] and message["HTML"]
    path = link.removeprefix(SITE)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    new_password = "Une-autre-lecture-2027"
    response = client.post(action, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(new_password)
    notification = mailpit.wait_for(reader.email, count=2)[-1]
    assert "Votre mot de passe a été réinitialisé" in notification["Text"] + notification["HTML"]


def test_unknown_address_at_password_reset_gets_a_sign_up_link_on_the_site_address(client, mailpit, site_address, db):
    client.post("/compte/mot-de-passe/reinitialiser/", {"email": "inconnue@example.org"})
    (message,) = mailpit.wait_for("inconnue@example.org")
    assert f"{SITE}/compte/inscription/" in links(message)
    assert f"{SITE}/compte/inscription/" in message["Text"]


def test_e_mail_change_confirms_the_new_address_first(reader_client, reader, mailpit, site_address):
    new = "nouvelle.adresse@example.org"
    response = reader_client.post("/compte/adresse-email/", {"action_add": "", "email": new})
    assert response.status_code == 302
    (message,) = mailpit.wait_for(new)
    assert re.search(rf"{re.escape(SITE)}/compte/confirmer-email/[-:\w]+/", message["Text"])
    reader_client.post(confirmation_link(message).removeprefix(SITE))
    assert EmailAddress.objects.get(email=new).verified
    assert EmailAddress.objects.get(email=new).primary
    reader.refresh_from_db()
    assert reader.email == new
    assert not EmailAddress.objects.filter(email="lectrice@example.org").exists()
    notice = mailpit.wait_for("lectrice@example.org")[0]  # the old address is told
    assert new in notice["Text"]
