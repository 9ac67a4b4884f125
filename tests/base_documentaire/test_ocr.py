"""OCR of scanned PDFs: a PDF of page images, imported, gets its words from Tesseract (French model)
in the task worker, is found by full-text search on the three engines, is marked « texte issu d'OCR »
on its notice, and downloads in its OCRed version while the original is kept.

Tests marked ``services`` need Tesseract: scripts/test.sh installs it (scripts/services/ocr.sh)."""
import io
import urllib.request
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw, ImageFont

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.extraction import ExtractionStatus
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Fichier, Notice, NoticeFichier
from base_documentaire.models.files import OcrStatus
from search.engines.base import SearchQuery
from tests import services

HEADER = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf"
PAGES = ("Rapport sur la rénovation urbaine\ndu quartier des Tilleuls à Sarcelles\nconcertation des habitants",
         "Deuxième page\nmédiation sociale et jardins partagés\nbilan de la permanence")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def scanned_pdf(*pages, dpi=200):
    """A PDF of page images, as a scanner makes: pixels only, no text layer."""
    font = ImageFont.truetype(str(DEJAVU), 40) if DEJAVU.exists() else ImageFont.load_default(size=40)
    images = []
    for text in pages or PAGES:
        image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
        ImageDraw.Draw(image).multiline_text((150, 200), text, font=font, fill=0, spacing=24)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def pdf_text(content):
    document = pdfium.PdfDocument(content)
    try:
        return "\n\f".join(document[index].get_textpage().get_text_range() for index in range(len(document)))
    finally:
        document.close()


def import_scan(tmp_path, django_capture_on_commit_callbacks, content=None, name="scan.pdf", external_id="OCR1"):
    """Import one notice whose file is `content` through the CSV import, tasks run as the worker would."""
    files = tmp_path / "fichiers"
    files.mkdir(parents=True, exist_ok=True)
    (files / name).write_bytes(content if content is not None else scanned_pdf())
    csv = tmp_path / "notices.csv"
    csv.write_text(f"{HEADER}\n{external_id},Rénovation aux Tilleuls,,rapport,,1998,,,,{name}\n", encoding="utf-8")
    contributeur, _created = Contributeur.objects.get_or_create(code="crpv", defaults={"nom": "CRPV"})
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file(csv, contributeur=contributeur, files_dir=files)
    assert report.created == 1 and report.files_attached == 1
    notice = Notice.objects.get(external_id=external_id)
    return notice, notice.fichiers.get().fichier


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.services
def test_scanned_pdf_imported_is_ocred_and_its_words_found(search_index, tmp_path,
                                                           django_capture_on_commit_callbacks):
    original = scanned_pdf()
    assert pdf_text(original).strip("\n\f\r ") == ""  # really no text before OCR
    notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks, original)

    fichier.refresh_from_db()
    assert fichier.ocr_statut == OcrStatus.DONE, fichier.ocr_detail
    assert fichier.extraction_statut == ExtractionStatus.TEXT and fichier.pages == 2
    first, second = fichier.texte.split("\n\f")  # one chunk per page, page 1 first
    assert "Tilleuls" in first and "concertation" in first and "permanence" in second
    assert fichier.fichier_ocr.name.startswith("documents/ocr/")
    with fichier.open_file() as handle:
        assert handle.read() == original  # the original is kept as it was

    indexing.sync(refresh=True)
    hits = search_index.search(notice_schema(), SearchQuery(text="Tilleuls concertation")).hits
    assert [hit.id for hit in hits] == [str(notice.pk)]
    assert search_index.search(notice_schema(), SearchQuery(text="permanence")).hits[0].id == str(notice.pk)


@pytest.mark.services
def test_notice_says_text_from_ocr_and_the_download_is_the_ocred_pdf(client, admin_client, tmp_path,
                                                                     documentary_page,
                                                                     django_capture_on_commit_callbacks):
    original = scanned_pdf()
    notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks, original)
    notice.save_revision().publish()
    fichier.refresh_from_db()

    page = client.get(f"/base-documentaire/notices/{notice.pk}/").content.decode()
    assert "texte issu d&#x27;OCR" in page or "texte issu d'OCR" in page

    served = client.get(fichier.url)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    downloaded = body(served)
    assert downloaded != original and "Tilleuls" in pdf_text(downloaded)
    # The team gets the original from the admin's address; a visitor asking for it still gets the OCRed one.
    assert body(admin_client.get(fichier.url + "?original=1")) == original
    assert body(client.get(fichier.url + "?original=1")) == downloaded

    edit = admin_client.get(f"/admin/documents/edit/{fichier.pk}/").content.decode()
    assert "Texte issu d&#x27;OCR" in edit or "Texte issu d'OCR" in edit
    listing = BeautifulSoup(admin_client.get("/admin/fichiers_texte/?ocr_statut=fait").content, "html.parser")
    [row] = [row for row in listing.select("tbody tr") if fichier.title in row.get_text()]
    assert "Texte issu d'OCR" in [cell.get_text(strip=True) for cell in row.find_all("td")]

    Fichier.objects.filter(pk=fichier.pk).update(telecharger_ocr=False)
    assert body(client.get(fichier.url)) == original
    # The same privacy rules: a private file is served in no version to a visitor.
    Fichier.objects.filter(pk=fichier.pk).update(telecharger_ocr=True, prive=True)
    assert client.get(fichier.url).status_code == 404
    assert body(admin_client.get(fichier.url)) == downloaded

    # Deleting the file deletes its OCRed copy too.
    name, storage = fichier.fichier_ocr.name, fichier.fichier_ocr.storage
    assert storage.exists(name)
    NoticeFichier.objects.filter(fichier=fichier).delete()
    with django_capture_on_commit_callbacks(execute=True):
        fichier.delete()
    assert not storage.exists(name)


@pytest.mark.services
def test_ocred_pdf_lands_on_the_real_bucket_and_downloads_through_a_signed_address(
        client, db, real_services, tmp_path, django_capture_on_commit_callbacks):
    notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks)
    fichier.refresh_from_db()
    assert fichier.ocr_statut == OcrStatus.DONE, fichier.ocr_detail
    bucket = services.s3_options()["bucket_name"]
    stored = services.ensure_bucket().get_object(Bucket=bucket, Key=fichier.fichier_ocr.name)["Body"].read()
    assert "Tilleuls" in pdf_text(stored)
    served = client.get(fichier.url)
    assert served.status_code == 302
    assert urllib.request.urlopen(served["Location"]).read() == stored
    fichier.fichier_ocr.delete(save=False)
    fichier.file.delete(save=False)


@pytest.mark.services
def test_pdf_over_the_page_limit_is_too_large_and_left_as_it_was(settings, tmp_path, db,
                                                                 django_capture_on_commit_callbacks):
    settings.OCR = {**settings.OCR, "max_pages": 1}
    _notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks)
    fichier.refresh_from_db()
    assert fichier.ocr_statut == OcrStatus.TOO_LARGE
    assert fichier.ocr_detail == "2\u00a0pages\u00a0: l'OCR est limité à 1\u00a0pages."
    assert fichier.extraction_statut == ExtractionStatus.NO_TEXT and fichier.texte == "" and not fichier.fichier_ocr


@pytest.mark.services
def test_timeout_fails_in_french_and_the_command_runs_it_again(settings, tmp_path, db,
                                                               django_capture_on_commit_callbacks):
    from django.core.management import call_command

    settings.OCR = {**settings.OCR, "timeout_s": 1}
    _notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks)
    fichier.refresh_from_db()
    assert fichier.ocr_statut == OcrStatus.FAILED
    assert fichier.ocr_detail == "L'OCR a dépassé la durée limite (1\u00a0s)."
    assert fichier.texte == "" and not fichier.fichier_ocr

    settings.OCR = {**settings.OCR, "timeout_s": 300}
    out = io.StringIO()
    call_command("ocr_files", "--failed", stdout=out)
    fichier.refresh_from_db()
    assert fichier.ocr_statut == OcrStatus.DONE and "Tilleuls" in fichier.texte
    assert "1 fichiers océrisés, 0 non." in out.getvalue()


@pytest.mark.services
def test_memory_limit_fails_with_a_clear_status(settings, tmp_path, db, django_capture_on_commit_callbacks):
    settings.OCR = {**settings.OCR, "memory_mb": 64}
    _notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks)
    fichier.refresh_from_db()
    assert fichier.ocr_statut == OcrStatus.FAILED
    assert "mémoire" in fichier.ocr_detail and fichier.texte == ""


def test_without_tesseract_ocr_is_off_and_the_site_works(settings, client, tmp_path, documentary_page,
                                                         django_capture_on_commit_callbacks):
    from base_documentaire.ocr_admin import check_ocr_available

    settings.OCR = {**settings.OCR, "tesseract": "/nonexistent/tesseract"}
    notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks)
    notice.save_revision().publish()
    fichier.refresh_from_db()
    assert fichier.ocr_statut == OcrStatus.OFF
    assert "Tesseract" in fichier.ocr_detail and fichier.extraction_statut == ExtractionStatus.NO_TEXT

    page = client.get(f"/base-documentaire/notices/{notice.pk}/")
    assert page.status_code == 200 and "OCR désactivé" in page.content.decode()
    assert body(client.get(fichier.url)).startswith(b"%PDF")  # the original is served
    [message] = check_ocr_available()
    assert message.msg.startswith("OCR désactivé (Tesseract absent)")


@pytest.mark.services
def test_encrypted_or_broken_pdf_gets_no_ocr_attempt(tmp_path, db, django_capture_on_commit_callbacks):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(scanned_pdf()))
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    _notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks, locked.getvalue(), "verrou.pdf")
    fichier.refresh_from_db()
    assert fichier.extraction_statut == ExtractionStatus.ENCRYPTED
    assert fichier.ocr_statut == OcrStatus.NOT_NEEDED and not fichier.fichier_ocr

    broken = scanned_pdf()[:2000]
    _notice, fichier = import_scan(tmp_path / "b", django_capture_on_commit_callbacks, broken, "casse.pdf", "OCR2")
    fichier.refresh_from_db()
    assert fichier.extraction_statut == ExtractionStatus.INVALID
    assert fichier.ocr_statut == OcrStatus.NOT_NEEDED and not fichier.fichier_ocr


@pytest.mark.services
def test_ocr_run_by_hand_on_a_locked_pdf_says_so(tmp_path, db):
    """The command or a stale task may meet a file extraction never read: the status says why."""
    import pypdf
    from django.core.files.base import ContentFile

    from base_documentaire.ocr import ocr_and_store

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(scanned_pdf()))
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    fichier = Fichier(title="Verrouillé")
    fichier.file.save("verrou.pdf", ContentFile(locked.getvalue()), save=True)
    assert ocr_and_store(fichier.pk) == OcrStatus.FAILED
    fichier.refresh_from_db()
    assert fichier.ocr_detail == "Le PDF est protégé par mot de passe."
