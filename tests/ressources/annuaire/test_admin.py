"""The directory's admin: acteurs listed, filtered and searched; the request log is read-only."""
from django.urls import reverse

from ressources.annuaire.models import DemandeRGPD
from ressources.annuaire.rgpd import export_personne

from .conftest import make_personne

ACTEURS = "wagtailsnippets_annuaire_acteur"
DEMANDES = "wagtailsnippets_annuaire_demandergpd"


def test_acteur_listing_filters_by_type_and_searches(admin_client, acteurs):
    url = reverse(f"{ACTEURS}:list")
    content = admin_client.get(url, {"type_acteur": "collectivite"}).content.decode()
    assert "Ville de Montpellier" in content and "RésO Villes" not in content
    content = admin_client.get(url, {"q": "VTO"}).content.decode()
    assert "Villes et Territoires Occitanie" in content and "Ville de Montpellier" not in content


def test_acteur_listing_filters_by_territory(admin_client, acteurs, vocabulary):
    content = admin_client.get(reverse(f"{ACTEURS}:list"), {"territoires": vocabulary["bretagne"].pk}).content.decode()
    assert "RésO Villes" in content and "Ville de Montpellier" not in content


def test_acteur_can_be_created_in_the_admin(admin_client, db):
    response = admin_client.post(reverse(f"{ACTEURS}:add"), {
        "nom": "Agence nationale de la cohésion des territoires", "sigle": "ANCT", "slug": "",
        "type_acteur": "etat", "description": "", "adresse": "", "telephone": "", "email": "contact@anct.gouv.fr",
        "site_web": "https://agence-cohesion-territoires.gouv.fr/"})
    assert response.status_code == 302
    from ressources.annuaire.models import Acteur
    assert Acteur.objects.get().slug == "anct"


def test_person_cannot_be_published_without_proof_of_consent_in_the_admin(admin_client, acteurs):
    response = admin_client.post(reverse("wagtailsnippets_annuaire_personne:add"), {
        "acteur": acteurs["vto"].pk, "nom": "Martin", "prenom": "Léa", "fonction": "", "email": "", "telephone": "",
        "consentement_publication": "on", "consentement_date": "", "consentement_source": "",
        "consentement_retrait": ""})
    assert response.status_code == 200  # the form again, with the error
    assert not acteurs["vto"].personnes.exists()


def test_request_log_is_listed_and_read_only(admin_client, acteurs):
    personne = make_personne(acteurs["vto"], "Durand", "Claire")
    export_personne(personne)
    demande = DemandeRGPD.objects.get()
    assert admin_client.get(reverse(f"{DEMANDES}:list")).status_code == 200
    assert admin_client.get(reverse(f"{DEMANDES}:inspect", args=[demande.pk])).status_code == 200
    assert admin_client.get(reverse(f"{DEMANDES}:add")).status_code in (302, 403)
    assert admin_client.post(reverse(f"{DEMANDES}:delete", args=[demande.pk])).status_code in (302, 403)
    assert DemandeRGPD.objects.filter(pk=demande.pk).exists()
