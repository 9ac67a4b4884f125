"""Files attached through the API: stored as Wagtail documents, real type read from the bytes,
text extracted in the background; fakes and hostile files refused with a French message."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas
from wagtail.models import WorkflowState

from base_documentaire.models import Fichier, Notice
from tests.pdfs import pdf_bytes

from .conftest import NOTICE

REPORT = pdf_bytes("Rapport sur la santé mentale\ndans les quartiers prioritaires", "Deuxième page : CLSM")


def encrypted_pdf():
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("secret", "owner"))
    document.drawString(72, 760, "Document confidentiel")
    document.showPage()
    document.save()
    return buffer.getvalue()


def pdf_upload(content=REPORT, name="rapport.pdf"):
    return {"fichier": SimpleUploadedFile(name, content, content_type="application/pdf")}


@pytest.fixture
def notice(api, vocabulary):
    assert api.post("notices/", NOTICE).status_code == 201
    return Notice.objects.get(external_id="pmb-1001")


def test_upload_stores_the_file_extracts_its_text_and_resubmits_the_notice(
        api, partner, notice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.upload("notices/pmb-1001/fichiers/", pdf_upload(), titre="Rapport complet")
    assert response.status_code == 201, response.content
    attached = response.json()["fichier"]
    assert attached["titre"] == "Rapport complet" and attached["type_mime"] == "application/pdf"
    assert attached["taille"] == len(REPORT) and attached["prive"] is False
    fichier = Fichier.objects.get(pk=attached["numero"])
    assert fichier.uploaded_by_user == partner[0].user and fichier.file_hash
    assert fichier.collection == partner[0].contributeur.espace_partenaire.collection  # the centre's files
    assert fichier.extraction_statut == "texte" and "santé mentale" in fichier.texte and fichier.pages == 2
    assert api.get("notices/pmb-1001/").json()["fichiers"][0]["extraction"] == "texte"
    notice.refresh_from_db()
    assert notice.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert notice.latest_revision.content["fichiers"][0]["fichier"] == fichier.pk


def test_same_file_twice_is_attached_once(api, notice):
    assert api.upload("notices/pmb-1001/fichiers/", pdf_upload()).status_code == 201
    again = api.upload("notices/pmb-1001/fichiers/", pdf_upload(name="copie.pdf"))
    assert again.status_code == 200
    assert Fichier.objects.count() == 1 and len(again.json()["notice"]["fichiers"]) == 1


def test_private_flag(api, notice):
    response = api.upload("notices/pmb-1001/fichiers/", pdf_upload(), prive="true")
    assert response.json()["fichier"]["prive"] is True


def test_fake_pdf_is_refused(api, notice):
    fake = b"<html><body><script>alert(1)</script></body></html>"
    response = api.upload("notices/pmb-1001/fichiers/", pdf_upload(fake, "rapport.pdf"))
    assert response.status_code == 400
    assert response.json()["errors"] == {"fichier": [
        "Le fichier porte l'extension .pdf mais son contenu n'est pas un PDF (text/html)."]}
    assert not Fichier.objects.exists()


@pytest.mark.parametrize("content, name, kind", [
    (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "logo.svg", "image/svg+xml"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200), "setup.exe", "application/x-msdownload"),
])
def test_markup_and_executables_are_refused(api, notice, content, name, kind):
    response = api.upload("notices/pmb-1001/fichiers/", pdf_upload(content, name))
    assert response.status_code == 400
    assert response.json()["errors"] == {"fichier": [f"Type de fichier refusé : {kind}."]}


def test_encrypted_pdf_is_accepted_and_reported_as_protected(api, notice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.upload("notices/pmb-1001/fichiers/", pdf_upload(encrypted_pdf(), "confidentiel.pdf"))
    assert response.status_code == 201
    assert Fichier.objects.get().extraction_statut == "protege"
    assert api.get("notices/pmb-1001/").json()["fichiers"][0]["extraction"] == "protege"


def test_missing_or_empty_file(api, notice):
    assert api.upload("notices/pmb-1001/fichiers/", {}, titre="x").json()["errors"] == {
        "fichier": ["Envoyez le fichier dans le champ de formulaire « fichier »."]}
    assert api.upload("notices/pmb-1001/fichiers/", pdf_upload(b"", "vide.pdf")).json()["errors"] == {
        "fichier": ["Le fichier est vide."]}


def test_json_body_on_the_files_address_is_a_415(api, notice):
    assert api.post("notices/pmb-1001/fichiers/", {"fichier": "x"}).status_code == 415


def test_file_over_the_extraction_limit_is_a_413(api, notice, settings):
    settings.PDF_EXTRACTION = {"max_bytes": 1000}
    response = api.upload("notices/pmb-1001/fichiers/", pdf_upload(REPORT + bytes(70_000)))
    assert response.status_code == 413
    assert not Fichier.objects.exists()


def test_upload_to_an_unknown_notice_is_a_404(api, vocabulary):
    assert api.upload("notices/inconnue/fichiers/", pdf_upload()).status_code == 404
    assert not Fichier.objects.exists()
