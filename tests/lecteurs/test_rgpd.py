"""RGPD: a reader downloads their data and deletes their account (password asked, POST only)."""
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from infodoc.models import DemandeInfoDoc
from infodoc.models.demandes import ANONYMISED_TEXT
from lecteurs.models import Panier, PanierNotice, RechercheEnregistree
from tests.lecteurs.conftest import PASSWORD, make_reader
from lecteurs import alerts
from tests.lecteurs.test_espace import apps_alerts, make_alert, request_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(reader, notices):
    RechercheEnregistree.objects.create(lecteur=reader, nom="Logement", requete="q=logement")
    current = Panier.objects.create(lecteur=reader, courant=True)
    PanierNotice.objects.create(panier=current, notice=notices["logement"])
    saved = Panier.objects.create(lecteur=reader, nom="Thèse")
    PanierNotice.objects.create(panier=saved, notice=notices["sante"])
    PanierNotice.objects.create(panier=saved, notice=notices["emploi"])
    notices["emploi"].unpublish()
    return {"mine": request_from(reader.email), "other": request_from("autre@example.org")}


def test_a_reader_downloads_their_data(reader_client, reader, data, notices, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://crpv.example.org"
    response = reader_client.get("/mon-espace/mes-donnees/")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    exported = json.loads(response.content)
    assert exported["compte"]["email"] == reader.email
    assert exported["adresses_email"] == [{"email": reader.email, "verifiee": True, "principale": True}]
    (search,) = exported["recherches_enregistrees"]
    assert search["nom"] == "Logement"
    assert search["adresse"] == "https://crpv.example.org/base-documentaire/?q=logement"
    assert exported["panier_courant"]["notices"] == [{
        "id": notices["logement"].pk, "publiee": True, "titre": notices["logement"].titre,
        "permalien": f"https://crpv.example.org/base-documentaire/notices/{notices['logement'].pk}/"}]
    (saved,) = exported["paniers_enregistres"]
    assert saved["nom"] == "Thèse"
    assert saved["notices"][1] == {"id": notices["emploi"].pk, "publiee": False}
    assert [request["reference"] for request in exported["demandes_infodoc"]] == [data["mine"].reference]
    assert exported["demandes_infodoc"][0]["question"] == data["mine"].question
    assert exported["alertes"] == []


def test_the_readers_alerts_are_exported_and_deleted_with_the_account(reader_client, reader):
    if not alerts.installed():
        assert json.loads(reader_client.get("/mon-espace/mes-donnees/").content)["alertes"] == []
        return
    make_alert(reader.email, user=reader)
    make_alert("lectrice@example.org", query="q=emploi")
    kept = make_alert("autre@example.org")
    exported = json.loads(reader_client.get("/mon-espace/mes-donnees/").content)["alertes"]
    assert sorted(alert["recherche"] for alert in exported) == ["q=emploi", "q=logement"]
    reader_client.post("/mon-espace/supprimer-mon-compte/", {"password": PASSWORD})
    assert list(apps_alerts().values_list("pk", flat=True)) == [kept.pk]


def test_deleting_the_account_asks_for_the_password(reader_client, reader, data):
    page = reader_client.get("/mon-espace/supprimer-mon-compte/")
    html = page.content.decode()
    assert page.status_code == 200 and '<label for="id_password">Votre mot de passe\xa0:</label>' in html
    assert "Votre demande info-doc sera anonymisée" in html
    response = reader_client.post("/mon-espace/supprimer-mon-compte/", {"password": "pas-le-bon"})
    html = response.content.decode()
    assert response.status_code == 400 and "Ce n’est pas votre mot de passe." in html
    assert 'aria-describedby="id_password_error"' in html
    assert get_user_model().objects.filter(pk=reader.pk).exists() and RechercheEnregistree.objects.exists()


def test_deleting_the_account_removes_its_data_and_anonymises_its_requests(reader_client, reader, data):
    other = make_reader("autre.lectrice@example.org")
    RechercheEnregistree.objects.create(lecteur=other, nom="À garder", requete="q=emploi")
    response = reader_client.post("/mon-espace/supprimer-mon-compte/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    farewell = "Votre compte et ses données ont été supprimés ; vos 1 demande(s) info-doc ont été anonymisée(s)."
    assert farewell in reader_client.get("/compte/connexion/").content.decode()
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    assert not EmailAddress.objects.filter(email="lectrice@example.org").exists()
    assert not Panier.objects.filter(lecteur_id=reader.pk).exists() and PanierNotice.objects.count() == 0
    assert list(RechercheEnregistree.objects.values_list("nom", flat=True)) == ["À garder"]
    mine = DemandeInfoDoc.objects.get(pk=data["mine"].pk)
    assert mine.anonymisee and mine.email == "" and mine.nom == ANONYMISED_TEXT and mine.question == ANONYMISED_TEXT
    assert mine.statut == data["mine"].statut and mine.reference == data["mine"].reference  # the figures stay
    assert not DemandeInfoDoc.objects.get(pk=data["other"].pk).anonymisee
    assert reader_client.get("/mon-espace/").status_code == 302  # signed out


def test_an_unconfirmed_address_does_not_take_someone_elses_requests(reader_client, reader, notices):
    EmailAddress.objects.create(user=reader, email="victime@example.org", verified=False)
    theirs = request_from("victime@example.org")
    exported = json.loads(reader_client.get("/mon-espace/mes-donnees/").content)
    assert exported["demandes_infodoc"] == []
    reader_client.post("/mon-espace/supprimer-mon-compte/", {"password": PASSWORD})
    assert not DemandeInfoDoc.objects.get(pk=theirs.pk).anonymisee


def test_deleting_needs_a_post_with_the_csrf_token(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post("/mon-espace/supprimer-mon-compte/", {"password": PASSWORD}).status_code == 403
    assert client.get(f"/mon-espace/supprimer-mon-compte/?password={PASSWORD}").status_code == 200
    assert get_user_model().objects.filter(pk=reader.pk).exists()


def test_password_guesses_on_deletion_are_rate_limited(reader_client, reader):
    for _attempt in range(10):
        reader_client.post("/mon-espace/supprimer-mon-compte/", {"password": "devinette"})
    response = reader_client.post("/mon-espace/supprimer-mon-compte/", {"password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives : réessayez dans une minute." in response.content.decode()
    assert get_user_model().objects.filter(pk=reader.pk).exists()


def test_anonymous_visitors_have_no_data_page(client, db):
    assert client.get("/mon-espace/mes-donnees/")["Location"] == "/compte/connexion/?next=/mon-espace/mes-donnees/"
