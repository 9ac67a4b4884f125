"""Bulk contribution by file from the admin: the file is stored, an import job runs in the task
worker, its page shows the progress then the report; a partner's notices are submitted to
moderation under its centre, the documentalist's published; bad files get a clear message."""
import csv
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import WorkflowState

from base_documentaire.models import Notice, TermeCandidat
from reseau.contribution.models import ImportJob, ImportJobLine

from tests.mailpit import links

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
    """Post the file; the test settings' task backend runs the job at once; follow to its page."""
    return client.post(URL, {"fichier": SimpleUploadedFile(name, data), **fields}, follow=True)


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def figure(response, name):
    return BeautifulSoup(response.content, "html.parser").find(id=f"report-{name}").get_text(strip=True)


def report_csv(client, job):
    response = client.get(f"{URL}{job.pk}/rapport.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.services
def test_a_partners_import_is_submitted_to_moderation_with_its_report(partner, partner_client, moderator,
                                                                        vocabulary, contributeurs, settings, mailpit):
    settings.WAGTAILADMIN_BASE_URL = "https://crpv.example.org"
    page = partner_client.get(URL)
    assert page.status_code == 200 and 'name="contributeur"' not in page.content.decode()
    response = upload(partner_client, CSV, contributeur=contributeurs["resovilles"].pk)
    job = ImportJob.objects.get()
    assert response.redirect_chain == [(f"{URL}{job.pk}/", 302)]
    assert job.status == "done" and (job.rows_done, job.rows_total) == (4, 4)
    assert figure(response, "created") == "2" and figure(response, "rejected") == "2"
    report = text(response)
    assert "Terminé" in report and "4 notices sur 4" in report
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
    [message] = mailpit.messages()  # one message for the whole file
    assert message["To"] == ["doc@example.org"]
    assert message["Subject"] == "2 notices importées à valider"
    assert "Santé et quartiers" in message["Text"] and "L'emploi des jeunes" in message["Text"]
    assert "Santé et quartiers" in message["HTML"] and "L&#x27;emploi des jeunes" in message["HTML"]
    assert "https://crpv.example.org/admin/snippets/base_documentaire/notice/" in links(message)


@pytest.mark.services
def test_a_check_only_run_a_bad_file_and_the_documentalists_import_send_no_email(
        partner_client, moderator_client, moderator, vocabulary, contributeurs, mailpit):
    upload(partner_client, CSV, dry_run="on")
    upload(partner_client, b"foo;bar\n1;2\n", name="colonnes.csv")
    upload(moderator_client, CSV, contributeur=contributeurs["resovilles"].pk)
    assert Notice.objects.filter(live=True).count() == 2
    assert mailpit.messages() == []  # the SMTP send returns once Mailpit stored the message


def test_the_report_downloads_as_csv_one_row_a_line(partner_client, moderator, vocabulary):
    upload(partner_client, CSV)
    job = ImportJob.objects.get()
    rows = report_csv(partner_client, job)
    assert rows[0] == ["ligne", "résultat", "identifiant", "message", "notice"]
    by_line = {row[0]: row for row in rows[1:] if row[1] in ("Créée", "Rejetée")}
    vto1 = Notice.objects.get(external_id="vto-1")
    assert by_line["2"][:3] + by_line["2"][4:] == ["2", "Créée", "vto-1", str(vto1.pk)]
    # what each record's document type, thèmes and territories became
    assert "Thèmes : Santé | Thème inconnu (terme candidat)" in by_line["2"][3]
    assert "Territoires : Hérault" in by_line["2"][3]
    assert by_line["4"][1:3] == ["Rejetée", "vto-3"] and "Titre manquant" in by_line["4"][3]
    assert by_line["5"][1] == "Rejetée" and "Année invalide « 20x3 »" in by_line["5"][3]
    assert any(row[1] == "Fichier non joint" and row[2] == "rapport.pdf" for row in rows)
    assert any(row[1] == "Terme inconnu (Thème)" and row[2] == "Thème inconnu" for row in rows)


def test_importing_again_updates_never_duplicates(partner_client, moderator, vocabulary):
    upload(partner_client, CSV)
    response = upload(partner_client, CSV.replace(b"Un dossier.", "Un dossier mis à jour.".encode()))
    assert figure(response, "created") == "0" and figure(response, "updated") == "2"
    assert Notice.objects.filter(external_id="vto-1").count() == 1
    job = ImportJob.objects.first()  # the latest
    outcomes = dict(job.lines.exclude(kind__in=["warning", "missing_file"]).values_list("external_id", "kind"))
    assert outcomes == {"vto-1": "updated", "vto-2": "updated", "vto-3": "rejected", "vto-4": "rejected"}


def test_the_documentalist_imports_for_a_contributeur_and_publishes(moderator_client, vocabulary, contributeurs):
    page = moderator_client.get(URL)
    assert 'name="contributeur"' in page.content.decode()
    response = upload(moderator_client, CSV, contributeur=contributeurs["resovilles"].pk)
    assert figure(response, "created") == "2"
    imported = Notice.objects.filter(external_id__in=["vto-1", "vto-2"])
    assert all(notice.live and notice.contributeur == contributeurs["resovilles"] for notice in imported)
    assert "Champ requis" in text(upload(moderator_client, CSV, name="autre.csv"))
    assert ImportJob.objects.count() == 1
    again = upload(moderator_client, CSV, contributeur=contributeurs["resovilles"].pk)
    assert figure(again, "unchanged") == "2" and figure(again, "created") == "0"
    outcomes = dict(ImportJob.objects.first().lines.filter(kind__in=["unchanged", "created", "updated"])
                    .values_list("external_id", "kind"))
    assert outcomes == {"vto-1": "unchanged", "vto-2": "unchanged"}


def test_a_ris_export_is_imported(partner_client, moderator, vocabulary):
    response = upload(partner_client, (FIXTURES / "notices_zotero.ris").read_bytes(), name="zotero.ris")
    assert figure(response, "created") == "5"
    assert Notice.objects.filter(contributeur__code="vto").count() == 5
    assert ImportJob.objects.get().format == "ris"


@pytest.mark.parametrize("name", ["corpus.mrc", "corpus.xml"])
def test_a_unimarc_export_is_imported(partner_client, moderator, vocabulary, name):
    response = upload(partner_client, (FIXTURES / "unimarc" / name).read_bytes(), name=name)
    job = ImportJob.objects.get()
    assert job.status == "done" and job.format == ("unimarc" if name.endswith(".mrc") else "marcxml")
    assert figure(response, "created") == "50" and figure(response, "rejected") == "0"
    assert Notice.objects.filter(contributeur__code="vto").count() == 50


def test_check_only_changes_nothing(partner_client, moderator, vocabulary):
    response = upload(partner_client, CSV, dry_run="on")
    assert figure(response, "created") == "2" and "rien n'a été modifié" in text(response)
    assert not Notice.objects.exists()  # nothing submitted, no e-mail (tested with Mailpit above)
    assert not TermeCandidat.objects.filter(libelle="Thème inconnu").exists()
    job = ImportJob.objects.get()
    assert job.dry_run and job.status == "done"
    assert set(job.lines.values_list("kind", flat=True)) >= {"created", "rejected"}


BAD_FILES = [
    ("vide.csv", b"", "Le fichier soumis est vide"),
    ("blancs.csv", b"  \r\n\r\n", "Le fichier est vide."),
    ("rapport.pdf", b"%PDF-1.4 ...", "Envoyez un fichier CSV, RIS ou UNIMARC"),
    ("catalogue.mrc", b"00042nam  22000241i 4500", "Ce fichier ne peut pas être importé"),
    ("deguise.csv", b"%PDF-1.4 ...", "Ce n'est pas un fichier texte mais un fichier PDF"),
    ("utf16.csv", "id,titre\n1,Été\n".encode("utf-16-le"), "données binaires"),
    ("colonnes.csv", b"foo;bar\n1;2\n", "Colonnes manquantes : id, titre"),
    ("faux.ris", b"ceci n'est pas du RIS\n", "Aucune notice RIS trouvée"),
]


@pytest.mark.parametrize("name, data, message", BAD_FILES, ids=[name for name, _d, _m in BAD_FILES])
def test_bad_files_get_a_clear_message_and_change_nothing(partner_client, centre_notices, name, data, message):
    before = Notice.objects.count()
    response = upload(partner_client, data, name=name)
    assert response.status_code == 200 and response.redirect_chain == []
    assert message in text(response)
    assert not ImportJob.objects.exists()
    assert Notice.objects.count() == before


def test_a_large_file_has_no_cap_is_stored_whole_and_imported_by_steps(partner_client, moderator, vocabulary,
                                                                         settings):
    settings.CONTRIBUTION_IMPORT_STEP = 400
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024  # the upload is streamed through a temporary file
    rows = "".join(f"big-{number},Notice numéro {number},,rapport,,2020,,,fre,\n" for number in range(1500))
    data = ("id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf\n" + rows).encode()
    response = upload(partner_client, data, name="catalogue.csv")
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done, job.rows_total, job.created) == ("done", 1500, 1500, 1500)
    with default_storage.open(job.file.name) as stored:
        assert stored.read() == data
    assert figure(response, "created") == "1500"
    assert Notice.objects.filter(external_id__startswith="big-").count() == 1500
    assert job.lines.filter(kind="created").count() == 1500
    assert len(report_csv(partner_client, job)) == 1501


def test_an_unexpected_failure_is_reported_in_french_and_keeps_the_file(partner_client, moderator, vocabulary,
                                                                          monkeypatch):
    from reseau.contribution import import_jobs

    def broken(*args, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(import_jobs, "import_records", broken)
    response = upload(partner_client, CSV)
    job = ImportJob.objects.get()
    assert job.status == "failed" and "panne simulée" in job.error
    page = text(response)
    assert "Échec" in page and "L'import s'est arrêté sur une erreur inattendue" in page
    assert "Reprendre l'import" in page and default_storage.exists(job.file.name)
    assert not Notice.objects.exists()


def test_import_lines_are_deleted_with_their_job(partner_client, moderator, vocabulary):
    upload(partner_client, CSV)
    ImportJob.objects.get().delete()
    assert not ImportJobLine.objects.exists()


def test_only_contributors_may_import(db, django_user_model, client):
    assert client.get(URL).status_code == 302  # to the login page
    nobody = logged_in(make_user(django_user_model, "visiteur", is_staff=False))
    assert nobody.get(URL).status_code in (302, 403)
