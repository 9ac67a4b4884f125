"""Personal data on request: JSON export of everything held on a person, and erasure (the person's
identity goes, the organisation and everything else stay), from the admin and the command line."""
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from ressources.annuaire.models import Acteur, DemandeRGPD, Personne
from ressources.annuaire.rgpd import effacer_personne, export_personne

from .conftest import make_personne

NAMESPACE = "wagtailsnippets_annuaire_personne"


@pytest.fixture
def people(acteurs):
    vto = acteurs["vto"]
    return {
        "claire": make_personne(vto, "Durand", "Claire", fonction="Chargée de mission",
                                email="claire.durand@example.org", telephone="04 67 00 00 02"),
        "autre": make_personne(vto, "Benali", "Samia", fonction="Documentaliste"),
    }


def test_export_holds_fields_consent_and_links(directory, people, acteurs):
    claire = people["claire"]
    log(claire, "wagtail.create")
    data = export_personne(claire)
    assert data["personne"].items() >= {"identifiant": claire.pk, "nom": "Durand", "prenom": "Claire",
                                     "fonction": "Chargée de mission", "email_professionnel": "claire.durand@example.org",
                                     "telephone_professionnel": "04 67 00 00 02"}.items()
    assert data["consentement"] == {"publication": True, "date": "2024-01-15",
                                    "preuve": "Courriel du 15 janvier 2024", "retrait": None,
                                    "publiee_sur_le_site": True}
    assert data["liens"]["organisation"] == {"identifiant": acteurs["vto"].pk, "nom": "Villes et Territoires Occitanie",
                                             "sigle": "VTO", "adresse_publique": "/annuaire/vto/"}
    assert [entry["action"] for entry in data["historique_administration"]] == ["wagtail.create"]
    json.dumps(data)  # serialisable as is


def test_export_is_logged_without_a_name(people):
    export_personne(people["claire"])
    request = DemandeRGPD.objects.get()
    assert (request.type_demande, request.personne_ref) == ("export", people["claire"].pk)
    assert "Durand" not in str(request)


def test_erasure_removes_the_identity_and_keeps_the_rest(people, acteurs):
    claire = people["claire"]
    log(claire, "wagtail.create")
    pk = claire.pk
    effacer_personne(claire)
    assert not Personne.objects.filter(pk=pk).exists()
    assert Acteur.objects.filter(pk=acteurs["vto"].pk).exists()
    assert list(acteurs["vto"].personnes.all()) == [people["autre"]]
    assert Acteur.objects.count() == 4
    assert not log_registry.get_logs_for_instance(Personne(pk=pk)).exists()  # history named her
    request = DemandeRGPD.objects.get()
    assert (request.type_demande, request.personne_ref, request.acteur) == ("effacement", pk, acteurs["vto"])


def test_erased_person_is_gone_from_the_public_site(client, directory, people, acteurs):
    effacer_personne(people["claire"])
    assert "Durand" not in client.get(acteurs["vto"].get_absolute_url()).content.decode()
    assert "Samia Benali" in client.get(acteurs["vto"].get_absolute_url()).content.decode()


def test_admin_export_downloads_json(admin_client, people):
    claire = people["claire"]
    response = admin_client.get(reverse(f"{NAMESPACE}:rgpd_export", args=[claire.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f'filename="personne-{claire.pk}.json"' in response["Content-Disposition"]
    assert json.loads(response.content)["personne"]["nom"] == "Durand"
    assert DemandeRGPD.objects.get().effectuee_par.username == "admin"


def test_admin_erasure_asks_for_confirmation_first(admin_client, people):
    claire = people["claire"]
    url = reverse(f"{NAMESPACE}:rgpd_effacer", args=[claire.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert Personne.objects.filter(pk=claire.pk).exists()
    response = admin_client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse(f"{NAMESPACE}:list")
    assert not Personne.objects.filter(pk=claire.pk).exists()
    assert DemandeRGPD.objects.get().type_demande == "effacement"


def test_admin_actions_are_offered_in_the_listing_and_the_edit_view(admin_client, people):
    claire = people["claire"]
    export_url = reverse(f"{NAMESPACE}:rgpd_export", args=[claire.pk])
    erase_url = reverse(f"{NAMESPACE}:rgpd_effacer", args=[claire.pk])
    for page in (reverse(f"{NAMESPACE}:list"), reverse(f"{NAMESPACE}:edit", args=[claire.pk])):
        content = admin_client.get(page).content.decode()
        assert export_url in content and erase_url in content


def test_admin_actions_need_permissions(client, django_user_model, people):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editrice", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    claire = people["claire"]
    assert client.get(reverse(f"{NAMESPACE}:rgpd_export", args=[claire.pk])).status_code in (302, 403)
    assert client.post(reverse(f"{NAMESPACE}:rgpd_effacer", args=[claire.pk])).status_code in (302, 403)
    assert Personne.objects.filter(pk=claire.pk).exists()


def test_admin_unknown_person_is_a_404(admin_client, db):
    assert admin_client.get(reverse(f"{NAMESPACE}:rgpd_export", args=[999])).status_code == 404


def test_command_exports_json(people, capsys):
    call_command("personne_donnees", "--export", str(people["claire"].pk))
    data = json.loads(capsys.readouterr().out)
    assert data["personne"]["email_professionnel"] == "claire.durand@example.org"
    assert DemandeRGPD.objects.get().canal == "commande"


def test_command_exports_to_a_file(people, tmp_path):
    target = tmp_path / "export.json"
    call_command("personne_donnees", "--export", str(people["claire"].pk), "--sortie", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["personne"]["nom"] == "Durand"


def test_command_erases_after_confirmation(people, monkeypatch):
    pk = people["claire"].pk
    monkeypatch.setattr("builtins.input", lambda question: "non")
    with pytest.raises(CommandError):
        call_command("personne_donnees", "--effacer", str(pk))
    assert Personne.objects.filter(pk=pk).exists()
    monkeypatch.setattr("builtins.input", lambda question: "oui")
    call_command("personne_donnees", "--effacer", str(pk))
    assert not Personne.objects.filter(pk=pk).exists()
    assert Personne.objects.filter(pk=people["autre"].pk).exists()


def test_command_erases_without_input(people):
    call_command("personne_donnees", "--effacer", str(people["claire"].pk), "--no-input")
    assert not Personne.objects.filter(pk=people["claire"].pk).exists()


def test_command_rejects_an_unknown_person(db):
    with pytest.raises(CommandError):
        call_command("personne_donnees", "--export", "999")
    assert not DemandeRGPD.objects.exists()
