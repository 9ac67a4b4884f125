"""Bulk contribution by file from the admin: the import's report, a partner's notices submitted to
moderation under its centre, the documentalist's published; bad files get a clear message."""
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import WorkflowState

from base_documentaire.models import Notice, TermeCandidat

from .conftest import logged_in, make_user

URL = "/admin/contribution/import/"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CSV = (
    "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf\n"
    "vto-1,Santé et quartiers,Un dossier.,dossier,\"Martin, Anne\",2022,Santé | Thème inconnu,Hérault,fre,\n"
    "vto-2,L'emploi des jeunes,,rapport,,2021,Emploi et développement économique,,fre,rapport.pdf\n"
    "vto-3,,Ligne sans titre,rapport,,2020,,,fre,\n"
    "vto-4,Une année impossible,,rapport,,20x3,,,fre,\n"
).encode()


def upload(client, data, name="notices.csv", **fields):
    return client.post(URL, {"fichier": SimpleUploadedFile(name, data), **fields})


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def figure(response, name):
    return BeautifulSoup(response.content, "html.parser").find(id=f"report-{name}").get_text(strip=True)


def test_a_partners_import_is_submitted_to_moderation_with_its_report(partner, partner_client, moderator,
                                                                        vocabulary, contributeurs):
    page = partner_client.get(URL)
    assert page.status_code == 200 and 'name="contributeur"' not in page.content.decode()
    response = upload(partner_client, CSV, contributeur=contributeurs["resovilles"].pk)
    assert response.status_code == 200
    assert figure(response, "created") == "2" and figure(response, "rejected") == "2"
    report = text(response)
    assert "Titre manquant" in report and "Année invalide « 20x3 »" in report
    rows = BeautifulSoup(response.content, "html.parser").select("table tbody th[scope=row]")
    assert [row.get_text(strip=True) for row in rows][:2] == ["4", "5"]  # line numbers of the rejected rows
    assert "Thème inconnu" in report and "rapport.pdf" in report
    assert TermeCandidat.objects.filter(libelle="Thème inconnu").exists()

    imported = Notice.objects.filter(external_id__in=["vto-1", "vto-2"])
    assert {notice.contributeur for notice in imported} == {contributeurs["vto"]}
    assert not any(notice.live for notice in imported)
    states = [notice.current_workflow_state for notice in imported]
    assert all(state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == partner
               for state in states)
    [message] = mail.outbox  # one message for the whole file
    assert message.to == ["doc@example.org"]
    assert message.subject == "2 notices importées à valider"
    assert "Santé et quartiers" in message.body and "L'emploi des jeunes" in message.body


def test_importing_again_updates_never_duplicates(partner_client, moderator, vocabulary):
    upload(partner_client, CSV)
    response = upload(partner_client, CSV.replace(b"Un dossier.", "Un dossier mis à jour.".encode()))
    assert figure(response, "created") == "0" and figure(response, "updated") == "2"
    assert Notice.objects.filter(external_id="vto-1").count() == 1


def test_the_documentalist_imports_for_a_contributeur_and_publishes(moderator_client, vocabulary, contributeurs):
    page = moderator_client.get(URL)
    assert 'name="contributeur"' in page.content.decode()
    response = upload(moderator_client, CSV, contributeur=contributeurs["resovilles"].pk)
    assert figure(response, "created") == "2"
    imported = Notice.objects.filter(external_id__in=["vto-1", "vto-2"])
    assert all(notice.live and notice.contributeur == contributeurs["resovilles"] for notice in imported)
    assert mail.outbox == []
    assert "Champ requis" in text(upload(moderator_client, CSV, name="autre.csv"))


def test_a_ris_export_is_imported(partner_client, moderator, vocabulary):
    response = upload(partner_client, (FIXTURES / "notices_zotero.ris").read_bytes(), name="zotero.ris")
    assert figure(response, "created") == "5"
    assert Notice.objects.filter(contributeur__code="vto").count() == 5


def test_check_only_changes_nothing(partner_client, moderator, vocabulary):
    response = upload(partner_client, CSV, dry_run="on")
    assert figure(response, "created") == "2" and "rien n'a été modifié" in text(response)
    assert not Notice.objects.exists() and mail.outbox == []


BAD_FILES = [
    ("vide.csv", b"", "Le fichier soumis est vide"),
    ("blancs.csv", b"  \r\n\r\n", "Le fichier est vide."),
    ("rapport.pdf", b"%PDF-1.4 ...", "Envoyez un fichier CSV ou RIS"),
    ("deguise.csv", b"%PDF-1.4 ...", "Ce n'est pas un fichier texte mais un fichier PDF"),
    ("utf16.csv", "id,titre\n1,Été\n".encode("utf-16-le"), "données binaires"),
    ("colonnes.csv", b"foo;bar\n1;2\n", "Colonnes manquantes : id, titre"),
    ("faux.ris", b"ceci n'est pas du RIS\n", "Aucune notice RIS trouvée"),
]


@pytest.mark.parametrize("name, data, message", BAD_FILES, ids=[name for name, _d, _m in BAD_FILES])
def test_bad_files_get_a_clear_message_and_change_nothing(partner_client, centre_notices, name, data, message):
    before = Notice.objects.count()
    response = upload(partner_client, data, name=name)
    assert response.status_code == 200
    assert message in text(response)
    assert BeautifulSoup(response.content, "html.parser").find(id="report-created") is None
    assert Notice.objects.count() == before and mail.outbox == []


def test_a_huge_file_is_refused_before_reading(partner_client, settings):
    settings.CONTRIBUTION_IMPORT_MAX_BYTES = 1024
    response = upload(partner_client, CSV * 20)
    assert "Le fichier est trop volumineux" in text(response) and not Notice.objects.exists()


def test_only_contributors_may_import(db, django_user_model, client):
    assert client.get(URL).status_code == 302  # to the login page
    nobody = logged_in(make_user(django_user_model, "visiteur", is_staff=False))
    assert nobody.get(URL).status_code in (302, 403)
