"""Text extraction on real files written in the test: French PDFs, hostile PDFs, other formats."""
import io
import time
import zipfile
import zlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from base_documentaire import extraction_worker
from base_documentaire.extraction import ExtractionStatus, detect_mime, extract_text

FRENCH_PAGES = [
    ["Rapport sur l’égalité des territoires", "La maîtrise d’œuvre urbaine et sociale « cœur de ville »."],
    ["Deuxième page : les quartiers prioritaires de l’agglomé-", "ration lyonnaise, à Noël, où l’on célèbre."],
    ["Troisième page : naïveté, façade, Île-de-France, 250 000 €."],
]


# --- Builders ------------------------------------------------------------------------------


def french_pdf(path, encrypt=None):
    """Three pages of French text in Helvetica (WinAnsi encoding), as reportlab writes it."""
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    for lines in FRENCH_PAGES:
        pdf.setFont("Helvetica", 12)
        for number, line in enumerate(lines):
            pdf.drawString(72, 750 - 16 * number, line)
        pdf.showPage()
    pdf.save()
    return path


def minimal_pdf(path, content, pages=1, compress=False):
    """A hand-written PDF whose pages all share one content stream: builds 3,000 pages in milliseconds."""
    dictionary = b"<< /Length %d >>"
    if compress:
        content = zlib.compress(content, 9)
        dictionary = b"<< /Length %d /Filter /FlateDecode >>"
    kids = b" ".join(b"%d 0 R" % (5 + index) for index in range(pages))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        dictionary % len(content) + b"\nstream\n" + content + b"\nendstream",
    ] + [page] * pages
    data = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(data))
    return path


def text_operator(text):
    return b"BT /F1 12 Tf 72 700 Td (" + text.encode("cp1252") + b") Tj ET\n"


def zip_file(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


# --- PDF -----------------------------------------------------------------------------------


def test_french_pdf_keeps_accents_ligatures_and_pages(tmp_path):
    result = extract_text(french_pdf(tmp_path / "rapport.pdf"))

    assert result.status == ExtractionStatus.TEXT
    assert result.pages == 3
    for expected in ("égalité", "maîtrise d’œuvre", "« cœur de ville »", "naïveté", "Île-de-France", "250 000 €"):
        assert expected in result.text
    assert "agglomération lyonnaise" in result.text  # word hyphenated at a line end is rejoined
    assert result.text.count("\f") == 2  # one form feed between pages


def test_pdf_with_drawings_only_has_no_text(tmp_path):
    result = extract_text(minimal_pdf(tmp_path / "plan.pdf", b"0 0 m 300 300 l S 10 10 100 100 re f", pages=2))

    assert (result.status, result.text, result.pages) == (ExtractionStatus.NO_TEXT, "", 2)


def test_scanned_pdf_has_no_text(tmp_path):
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(ImageReader(Image.new("L", (200, 280), 230)), 0, 0, 595, 842)
    pdf.save()

    result = extract_text(path)

    assert (result.status, result.pages) == (ExtractionStatus.NO_TEXT, 1)


def test_pdf_needing_a_password_is_protected(tmp_path):
    protection = pdfencrypt.StandardEncryption("secret", "owner")

    result = extract_text(french_pdf(tmp_path / "confidentiel.pdf", encrypt=protection))

    assert (result.status, result.text) == (ExtractionStatus.ENCRYPTED, "")
    assert "password" in result.detail.lower()


def test_pdf_with_only_an_owner_password_opens(tmp_path):
    protection = pdfencrypt.StandardEncryption("", "owner", canCopy=0, canPrint=0)

    result = extract_text(french_pdf(tmp_path / "restreint.pdf", encrypt=protection))

    assert result.status == ExtractionStatus.TEXT
    assert "égalité" in result.text


@pytest.mark.parametrize("damage", ["truncated", "garbage after header"])
def test_damaged_pdf_is_invalid(tmp_path, damage):
    complete = french_pdf(tmp_path / "complet.pdf").read_bytes()
    data = complete[: len(complete) // 2] if damage == "truncated" else b"%PDF-1.7\n" + bytes(range(256)) * 20
    path = tmp_path / "abime.pdf"
    path.write_bytes(data)

    result = extract_text(path)

    assert (result.status, result.text, result.pages) == (ExtractionStatus.INVALID, "", 0)


def test_html_named_pdf_is_invalid(tmp_path):
    path = tmp_path / "facture.pdf"
    path.write_text("<!DOCTYPE html>\n<html><body><script>alert(1)</script>Égalité</body></html>")

    result = extract_text(path)

    assert result.status == ExtractionStatus.INVALID
    assert "HTML" in result.detail


def test_3000_page_pdf_stops_at_the_page_limit_within_the_timeout(tmp_path):
    path = minimal_pdf(tmp_path / "annuaire.pdf", text_operator("égalité œuvre"), pages=3000)

    started = time.monotonic()
    result = extract_text(path, max_pages=500, timeout_s=10)

    assert time.monotonic() - started < 10
    assert (result.status, result.pages) == (ExtractionStatus.TEXT, 3000)
    assert result.text.count("égalité œuvre") == 500
    assert "first 500 of 3000 pages" in result.detail


def test_text_is_capped(tmp_path):
    result = extract_text(french_pdf(tmp_path / "rapport.pdf"), max_chars=40)

    assert result.status == ExtractionStatus.TEXT
    assert len(result.text) == 40
    assert "truncated to 40 characters" in result.detail


# --- Limits --------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_not_opened(tmp_path):
    path = french_pdf(tmp_path / "rapport.pdf")

    result = extract_text(path, max_bytes=path.stat().st_size - 1)

    assert (result.status, result.text) == (ExtractionStatus.TOO_LARGE, "")


def test_timeout_kills_the_worker_and_returns_promptly(tmp_path):
    started = time.monotonic()
    result = extract_text(french_pdf(tmp_path / "rapport.pdf"), timeout_s=0.01)

    assert time.monotonic() - started < 2
    assert result.status == ExtractionStatus.FAILED
    assert "timeout" in result.detail


def test_timeout_stops_a_decompression_bomb(tmp_path):
    # About 45 MB of text operators once inflated, from a file of about 50 KB.
    bomb = minimal_pdf(tmp_path / "bombe.pdf", text_operator("égalité") * 1_000_000, compress=True)

    started = time.monotonic()
    result = extract_text(bomb, timeout_s=0.5, memory_mb=4096)

    assert time.monotonic() - started < 3
    assert result.status == ExtractionStatus.FAILED
    assert "timeout" in result.detail


def test_memory_limit_stops_a_decompression_bomb(tmp_path):
    bomb = minimal_pdf(tmp_path / "bombe.pdf", text_operator("égalité") * 1_000_000, compress=True)

    result = extract_text(bomb, memory_mb=64, timeout_s=20)

    assert result.status == ExtractionStatus.FAILED
    assert "64 MB" in result.detail


def test_tiny_memory_limit_fails(tmp_path):
    result = extract_text(french_pdf(tmp_path / "rapport.pdf"), memory_mb=16)

    assert (result.status, result.text) == (ExtractionStatus.FAILED, "")


def test_limits_come_from_settings_at_call_time(tmp_path, settings):
    settings.PDF_EXTRACTION = {"max_pages": 2}

    result = extract_text(french_pdf(tmp_path / "rapport.pdf"))

    assert "Troisième" not in result.text
    assert "first 2 of 3 pages" in result.detail


def test_unknown_setting_is_a_configuration_error(tmp_path, settings):
    settings.PDF_EXTRACTION = {"max_page": 2}

    with pytest.raises(ImproperlyConfigured, match="max_page"):
        extract_text(tmp_path / "rapport.pdf")


# --- Other formats -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_plain_text_is_decoded(tmp_path, encoding):
    path = tmp_path / "notes.pdf"
    path.write_bytes("Égalité, œuvre et cœur de quartier.\n".encode(encoding))

    result = extract_text(path)

    assert (result.status, result.text) == (ExtractionStatus.TEXT, "Égalité, œuvre et cœur de quartier.\n")


def test_image_has_no_text(tmp_path):
    path = tmp_path / "affiche.pdf"
    path.write_bytes(png_bytes())

    assert extract_text(path).status == ExtractionStatus.NO_TEXT


def test_docx_text(tmp_path):
    document = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>L’égalité </w:t></w:r><w:r><w:t>des chances</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Maîtrise d’œuvre</w:t><w:tab/><w:t>2024</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    path = zip_file(tmp_path / "note.docx", {
        "[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", "word/document.xml": document,
    })

    result = extract_text(path)

    assert (result.status, result.text) == (ExtractionStatus.TEXT, "L’égalité des chances\nMaîtrise d’œuvre\t2024")


def test_odt_text(tmp_path):
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        "<text:h>Bilan</text:h><text:p>Le <text:span>cœur</text:span> de<text:s text:c=\"2\"/>ville</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    path = tmp_path / "bilan.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)

    result = extract_text(path)

    assert (result.status, result.text) == (ExtractionStatus.TEXT, "Bilan\nLe cœur de  ville")


def test_docx_zip_bomb_is_invalid(tmp_path, monkeypatch):
    monkeypatch.setattr(extraction_worker, "MAX_XML_BYTES", 1000)  # checked in-process, not in the worker
    path = zip_file(tmp_path / "bombe.docx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<a/>" + " " * 5000})

    assert extraction_worker.extract_office(str(path), "docx", 100)["status"] == extraction_worker.INVALID


def test_spreadsheet_is_unsupported(tmp_path):
    path = zip_file(tmp_path / "budget.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})

    assert extract_text(path).status == ExtractionStatus.UNSUPPORTED


@pytest.mark.parametrize("name, data", [("missing", None), ("empty", b"")])
def test_unreadable_or_empty_file_is_invalid(tmp_path, name, data):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)

    assert extract_text(path).status == ExtractionStatus.INVALID


# --- Type detection ------------------------------------------------------------------------


@pytest.mark.parametrize("head, mime", [
    (b"%PDF-1.7\n", "application/pdf"),
    (b"\r\n junk before the header %PDF-1.4\n", "application/pdf"),
    (b"  <!DOCTYPE html><html><body>", "text/html"),
    (b"\xef\xbb\xbf<html lang=fr>", "text/html"),
    (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'>", "image/svg+xml"),
    (b"\x89PNG\r\n\x1a\n" + bytes(30), "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    ("Égalité et œuvre".encode("utf-8"), "text/plain"),
    ("Égalité et œuvre".encode("cp1252"), "text/plain"),
    ("Égalité".encode("utf-8")[:-1], "text/plain"),  # head cut inside a character
    (b"BMW et Renault ouvrent une usine", "text/plain"),  # not a BMP image despite "BM"
    (b"{\\rtf1\\ansi Rapport", "application/rtf"),
    (bytes(range(256)), "application/octet-stream"),
])
def test_detect_mime_from_content(head, mime):
    assert detect_mime(head) == mime


def test_detect_mime_of_office_documents(tmp_path):
    docx = zip_file(tmp_path / "a", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
    plain_zip = zip_file(tmp_path / "b", {"photo.txt": "x"})

    assert detect_mime(docx.read_bytes()[:8192]).endswith("wordprocessingml.document")
    assert detect_mime(plain_zip.read_bytes()[:8192]) == "application/zip"


def test_every_worker_status_is_an_extraction_status():
    worker_statuses = {extraction_worker.TEXT, extraction_worker.NO_TEXT, extraction_worker.ENCRYPTED,
                       extraction_worker.INVALID, extraction_worker.UNSUPPORTED, extraction_worker.FAILED}

    assert worker_statuses <= set(ExtractionStatus.values)
