"""OCR of scanned images: a PNG, JPEG or TIFF page (older fonds were scanned to images) attached to a notice gets
its words from Tesseract like a scanned PDF, kept as a searchable PDF beside the original and found by full-text
search on the three engines, with page 1 of that PDF as its cover; a decompression bomb is refused before any pixel
is decoded; an upload named as an image that holds something else is refused in French.

Tests marked ``services`` need Tesseract: scripts/test.sh installs it (scripts/services/ocr.sh)."""
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.extraction import ExtractionStatus
from base_documentaire.files_service import UploadRefused, check_upload
from base_documentaire.models import Fichier
from base_documentaire.models.files import OcrStatus
from search.engines.base import SearchQuery

from .test_covers import assert_cover_made
from .test_ocr import DEJAVU, body, import_scan, pdf_text

PAGE_ONE = "Diagnostic social du quartier\ndes Peupliers à Villiers-le-Bel\nateliers de concertation"
PAGE_TWO = "Seconde page du rapport\nrelogement des locataires\nbilan de la médiation"


def scanned_page(text, mode="L", size=(1240, 1754)):
    """A page as a scanner makes it (A4 at 150 dpi): pixels only."""
    font = ImageFont.truetype(str(DEJAVU), 36) if DEJAVU.exists() else ImageFont.load_default(size=36)
    image = Image.new(mode, size, "white")
    ImageDraw.Draw(image).multiline_text((110, 150), text, font=font, fill="black", spacing=20)
    return image


def encoded(image, format, **options):
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def png_bomb(width=100_000, height=100_000):
    """A valid PNG header announcing 10 billion pixels over a few bytes of data."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + \
        chunk(b"IEND", b"")


@pytest.mark.services
def test_a_png_scan_is_ocred_and_found_by_its_words(search_index, client, admin_client, documentary_page, tmp_path,
                                                    django_capture_on_commit_callbacks):
    # RGBA without a resolution, as an image editor exports it: flattened on white, laid out at 300 dpi.
    original = encoded(scanned_page(PAGE_ONE, "RGBA"), "PNG")
    notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks, original, "scan-1998.png")
    fichier.refresh_from_db()
    assert fichier.type_mime == "image/png"
    assert fichier.ocr_statut == OcrStatus.DONE, fichier.ocr_detail
    assert fichier.extraction_statut == ExtractionStatus.TEXT and fichier.pages == 1
    assert "Peupliers" in fichier.texte and "concertation" in fichier.texte
    assert fichier.fichier_ocr.name.startswith("documents/ocr/") and fichier.fichier_ocr.name.endswith("-ocr.pdf")
    cover = assert_cover_made(fichier)  # page 1 of its OCRed PDF, made once OCR was done

    indexing.sync(refresh=True)
    hits = search_index.search(notice_schema(), SearchQuery(text="Peupliers concertation")).hits
    assert [hit.id for hit in hits] == [str(notice.pk)]

    notice.save_revision().publish()
    page = client.get(f"/base-documentaire/notices/{notice.pk}/").content.decode()
    assert "texte issu d&#x27;OCR" in page or "texte issu d'OCR" in page
    assert "<picture" in page and cover.get_rendition("max-400x566|format-webp").url in page
    served = client.get(Fichier.objects.get(pk=fichier.pk).url)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert "Peupliers" in pdf_text(body(served))  # the searchable PDF
    assert body(admin_client.get(fichier.url + "?original=1")) == original  # the scan itself is kept


@pytest.mark.services
def test_a_tiff_of_two_pages_and_a_jpeg_are_ocred_page_by_page(embedded_index, tmp_path,
                                                               django_capture_on_commit_callbacks):
    first, second = scanned_page(PAGE_ONE, "1"), scanned_page(PAGE_TWO, "1")  # bilevel, as fax-era scans
    tiff = encoded(first, "TIFF", save_all=True, append_images=[second], compression="group4", dpi=(150, 150))
    notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks, tiff, "fonds.tif")
    fichier.refresh_from_db()
    assert fichier.type_mime == "image/tiff" and fichier.ocr_statut == OcrStatus.DONE, fichier.ocr_detail
    one, two = fichier.texte.split("\n\f")
    assert "Peupliers" in one and "relogement" in two and fichier.pages == 2
    # « p. 2 »: visitors download the OCRed PDF, so its pages are indexed like a PDF's
    notice.save_revision().publish()
    indexing.sync(refresh=True)
    [page] = embedded_index.search_in_document(notice_schema(), str(notice.pk), "relogement")
    assert (page.file, page.number) == (str(fichier.pk), 2)
    fichier = Fichier.objects.get(pk=fichier.pk)
    fichier.telecharger_ocr = False  # the TIFF itself is served: its pages are no PDF's
    with django_capture_on_commit_callbacks(execute=True):
        fichier.save()
    indexing.sync(refresh=True)
    assert embedded_index.search_in_document(notice_schema(), str(notice.pk), "relogement") == []

    jpeg = encoded(scanned_page(PAGE_TWO, "RGB"), "JPEG", quality=90, dpi=(150, 150))
    _notice, fichier = import_scan(tmp_path / "j", django_capture_on_commit_callbacks, jpeg, "page.jpg", "OCRJ")
    fichier.refresh_from_db()
    assert fichier.ocr_statut == OcrStatus.DONE and "médiation" in fichier.texte


@pytest.mark.services
def test_a_pixel_bomb_is_too_large_and_never_decoded(settings, db, tmp_path, django_capture_on_commit_callbacks):
    settings.OCR = {**settings.OCR, "memory_mb": 512}  # decoding 10 billion pixels would need gigabytes
    _notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks, png_bomb(), "plan.png")
    fichier.refresh_from_db()
    assert fichier.type_mime == "image/png"
    assert fichier.ocr_statut == OcrStatus.TOO_LARGE
    assert fichier.ocr_detail == ("L'image compte 10000\u00a0millions de pixels\u00a0: "
                                  "l'OCR est limité à 100\u00a0millions par page.")
    assert fichier.texte == "" and not fichier.fichier_ocr


@pytest.mark.services
def test_a_tiff_over_the_page_limit_is_too_large(settings, db, tmp_path, django_capture_on_commit_callbacks):
    settings.OCR = {**settings.OCR, "max_pages": 1}
    page = scanned_page("Une page", "1", size=(300, 400))
    tiff = encoded(page, "TIFF", save_all=True, append_images=[page, page])
    _notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks, tiff, "registre.tiff")
    fichier.refresh_from_db()
    assert fichier.ocr_statut == OcrStatus.TOO_LARGE
    assert fichier.ocr_detail == "3\u00a0pages\u00a0: l'OCR est limité à 1\u00a0pages."


FAKE_PNG = "Ceci n'est pas une image : un texte renommé.\n".encode()


def test_an_upload_named_as_an_image_holding_something_else_is_refused_in_french(admin_client, db):
    response = admin_client.post("/admin/documents/add/", {
        "title": "Fausse image", "collection": 1, "file": SimpleUploadedFile("scan.png", FAKE_PNG, "image/png")})
    assert response.status_code == 200
    assert ("porte l&#x27;extension .png mais son contenu n&#x27;est pas une image de ce type (text/plain)"
            in response.content.decode())
    response = admin_client.post("/admin/documents/multiple/add/", {
        "files[]": SimpleUploadedFile("SCAN.JPG", encoded(scanned_page("x", size=(50, 50)), "PNG"), "image/jpeg")})
    assert "porte l'extension .jpg mais son contenu n'est pas une image de ce type (image/png)" in \
        response.json()["error_message"]
    assert not Fichier.objects.exists()


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("scan.png", encoded(Image.new("L", (20, 20)), "PNG"), "image/png"),
    ("scan.jpeg", encoded(Image.new("RGB", (20, 20)), "JPEG"), "image/jpeg"),
    ("fonds.tif", encoded(Image.new("1", (20, 20)), "TIFF"), "image/tiff"),
    ("sans-extension", encoded(Image.new("L", (20, 20)), "TIFF"), "image/tiff"),
])
def test_real_images_are_accepted_with_their_type(name, content, expected):
    assert check_upload(SimpleUploadedFile(name, content)) == expected


def test_a_fake_tiff_is_refused(db):
    with pytest.raises(UploadRefused, match=r"\.tiff"):
        check_upload(SimpleUploadedFile("fonds.tiff", b"%PDF-1.4 not a tiff"))


def test_ocr_files_takes_the_scanned_images_uploaded_before(db):
    """Images stored before image OCR existed say « aucun texte »: `manage.py ocr_files` takes them, not a GIF."""
    from base_documentaire.ocr import files_to_ocr

    kept = {}
    for mime in ("image/png", "image/jpeg", "image/tiff", "application/pdf", "image/gif"):
        kept[mime] = Fichier.objects.create(title=mime, file=f"documents/{mime.replace('/', '.')}", type_mime=mime,
                                            extraction_statut=ExtractionStatus.NO_TEXT)
    assert set(files_to_ocr()) == {kept[mime] for mime in ("image/png", "image/jpeg", "image/tiff",
                                                           "application/pdf")}


def test_a_fake_image_in_an_import_is_stored_as_what_it_is_and_never_ocred(tmp_path, db,
                                                                           django_capture_on_commit_callbacks):
    """The import attaches the documentalist's files as they are (no upload check there): the type read from the
    content decides, so a text named .png is text, never sent to OCR."""
    _notice, fichier = import_scan(tmp_path, django_capture_on_commit_callbacks, FAKE_PNG, "scan.png")
    fichier.refresh_from_db()
    assert fichier.type_mime == "text/plain" and fichier.ocr_statut == OcrStatus.NOT_NEEDED
    assert "texte renommé" in fichier.texte and not fichier.fichier_ocr
