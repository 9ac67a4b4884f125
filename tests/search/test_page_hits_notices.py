"""Hits by page in the documentary base, on the three engines: a 200-page PDF whose only
occurrence of a word is on page 37 says « p. 37 » in the results and links to the file at
#page=37; the notice page's « Rechercher dans ce document » box; bad input; private files."""
import re
import tempfile
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base_documentaire import extraction_worker, indexing
from base_documentaire.extraction import extract_text
from base_documentaire.documents import file_pages
from base_documentaire.models import Fichier, NoticeFichier
from tests.base_documentaire.conftest import documentary_page, make_notice, search_index  # noqa: F401 (fixtures)
from tests.pdfs import pdf_bytes

URL = "/base-documentaire/"
NBSP = "\u00a0"


def page_text(number):
    if number == 37:
        return "Le programme de rénovation urbaine\ntransforme le quartier des Tilleuls."
    if number == 120:
        return "Rénovation énergétique des logements\net rénovation des écoles."
    return f"Page {number}\nLe contrat de ville associe les habitants."


REPORT = pdf_bytes(*(page_text(number) for number in range(1, 201)))


EXTRACTED = {}  # the report's extraction, done once by the real worker, then reused


def attach_pdf(notice, content=REPORT, title="Rapport annuel 2023", name="rapport-annuel.pdf", prive=False):
    fichier = Fichier.objects.create(title=title, prive=prive, file=ContentFile(content, name=name))
    Fichier.objects.filter(pk=fichier.pk).update(type_mime="application/pdf")
    if not EXTRACTED:  # the extraction task's isolated worker (not its cover, made by another test)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as local_copy:
            local_copy.write(content)
            local_copy.flush()
            found = extract_text(local_copy.name)
        EXTRACTED.update(texte=found.text, pages=found.pages, extraction_statut=found.status)
    Fichier.objects.filter(pk=fichier.pk).update(**EXTRACTED)
    NoticeFichier.objects.create(notice=notice, fichier=fichier)
    return Fichier.objects.get(pk=fichier.pk)


@pytest.fixture
def report(search_index, documentary_page):  # noqa: F811
    notice = make_notice("Rapport annuel du centre de ressources", annee=2023)
    fichier = attach_pdf(notice)
    plain = make_notice("Nature en ville", annee=2023, resume="Jardins partagés et programme d'animations.")
    indexing.schedule([notice.pk, plain.pk])
    indexing.sync(refresh=True)
    return notice, fichier, plain


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def page_links(response):
    return [(link.get_text(" ", strip=True), link["href"]) for link in soup(response).select("a.page-hit-link")]


def test_extraction_keeps_200_pages_numbered(report):
    _notice, fichier, _plain = report
    assert fichier.pages == 200 and fichier.texte.count("\n\f") == 199
    assert "programme de rénovation" in fichier.texte.split("\n\f")[36]


def test_results_say_p_37_and_link_to_the_file_at_page_37(client, report):
    _notice, fichier, _plain = report
    response = client.get(URL, {"q": "programme renovation"})
    assert response.status_code == 200
    [(text, href)] = [link for link in page_links(response) if "37" in link[0]]
    assert text.startswith(f"p.{NBSP}37")
    assert f"(page 37 du fichier «{NBSP}Rapport annuel 2023{NBSP}»)" in text  # the screen readers' name
    assert href == f"{fichier.url}#page=37"
    passage = soup(response).select_one(".page-hits li .passage")
    assert passage.find("mark") is not None and "rénovation" in passage.get_text().lower()
    served = client.get(href.split("#")[0])  # the serve view, with its privacy rules
    assert served.status_code in (200, 302)


def test_accents_folded_and_pages_ranked(client, report):
    links = page_links(client.get(URL, {"q": "renovation"}))
    assert [re.search(r"#page=(\d+)", href).group(1) for _text, href in links] == ["120", "37"]


def test_phrase_query_finds_its_page_only(client, report):
    links = page_links(client.get(URL, {"q": '"programme de rénovation"'}))
    assert [href.rsplit("#", 1)[1] for _text, href in links] == ["page=37"]


def test_query_count_of_the_results_page_unchanged_by_page_hits(client, report):
    client.get(URL, {"q": "jardins"})  # warm the site's settings and caches
    with CaptureQueriesContext(connection) as without_pages:
        assert page_links(client.get(URL, {"q": "jardins"})) == []
    with CaptureQueriesContext(connection) as with_pages:
        assert page_links(client.get(URL, {"q": "tilleuls"}))
    assert len(with_pages) == len(without_pages)


def test_search_in_this_document(client, report):
    notice, fichier, _plain = report
    notice_url = f"{URL}notices/{notice.pk}/"
    box = soup(client.get(notice_url)).select_one("section.document-search")
    assert box.find("h2").get_text() == "Rechercher dans ce document"
    assert box.find("form")["method"] == "get" and box.find("label", attrs={"for": "document-search-text"})
    response = client.get(notice_url, {"dans": "rénovation"})
    assert response.status_code == 200
    assert "2 pages trouvées" in soup(response).select_one(".document-search-count").get_text()
    assert [href for _text, href in page_links(response)] == [f"{fichier.url}#page=120", f"{fichier.url}#page=37"]
    response = client.get(notice_url, {"dans": "absent introuvable"})
    assert "Aucune page de ce document ne contient ces mots." in response.content.decode()


@pytest.mark.parametrize("text, message", [
    ("", "Saisissez un ou plusieurs mots à chercher dans ce document."),
    ("\t\n \r", "Saisissez un ou plusieurs mots à chercher dans ce document."),
    ("x" * 2000, "Le texte recherché est trop long"),
    ('"((( OR', "Aucune page de ce document ne contient ces mots."),
    ("AND NOT (", "Aucune page de ce document ne contient ces mots."),
])
def test_bad_input_in_the_document_box_gets_a_french_message(client, report, text, message):
    notice, _fichier, _plain = report
    response = client.get(f"{URL}notices/{notice.pk}/", {"dans": text})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_control_characters_get_the_sites_french_400(client, report):
    notice, _fichier, _plain = report
    response = client.get(f"{URL}notices/{notice.pk}/", {"dans": "r\x00\x01enovation"})
    assert response.status_code == 400  # site/hostile_input.py, before any view
    assert "caractère de contrôle" in response.content.decode()


def test_a_notice_without_text_has_no_document_box(client, report):
    _notice, _fichier, plain = report
    response = client.get(f"{URL}notices/{plain.pk}/", {"dans": "jardins"})
    assert response.status_code == 200 and soup(response).select_one("section.document-search") is None


def test_private_files_pages_are_never_shown(client, search_index, documentary_page):  # noqa: F811
    notice = make_notice("Rapport interne")
    attach_pdf(notice, title="Version interne", name="interne.pdf", prive=True)
    indexing.schedule([notice.pk])
    indexing.sync(refresh=True)
    response = client.get(URL, {"q": "programme"})
    assert page_links(response) == [] and "interne.pdf" not in response.content.decode()
    response = client.get(f"{URL}notices/{notice.pk}/", {"dans": "programme"})
    assert soup(response).select_one("section.document-search") is None


def stored_file(**fields):
    """What file_pages reads of a Fichier, without the database."""
    return SimpleNamespace(pk=9, type_mime="application/pdf", file=SimpleNamespace(name="documents/f.pdf"), **fields)


def test_an_unreadable_page_keeps_the_numbers_of_the_next_ones(monkeypatch):
    """A page PDFium cannot read becomes an empty page: page 3 stays page 3."""
    import pypdfium2 as pdfium

    texts = {0: "première page", 2: "troisième page : rénovation"}

    def page_text(document, index):
        if index not in texts:
            raise pdfium.PdfiumError("damaged page")
        return texts[index]

    monkeypatch.setattr(extraction_worker, "pdf_page_text", page_text)
    found = extraction_worker.extract_pdf_pages([None, None, None], max_pages=10, max_chars=10_000)
    assert found["status"] == extraction_worker.TEXT and found["pages"] == 3
    assert found["text"].split("\n\f") == ["première page", "", "troisième page : rénovation"]
    assert "1 unreadable pages left empty" in found["detail"]
    fichier = stored_file(title="Abîmé", texte=found["text"])
    assert [(page["numero"], page["texte"]) for page in file_pages(fichier)] == [
        (1, "première page"), (3, "troisième page : rénovation")]


def test_pages_per_file_and_characters_per_page_are_capped(settings):
    settings.CRPV_PAGE_INDEX = {"max_pages": 2, "max_chars": 5}
    fichier = stored_file(title="Long", texte="\n\f".join(["abcdefgh"] * 4))
    assert [(page["numero"], page["texte"]) for page in file_pages(fichier)] == [(1, "abcde"), (2, "abcde")]
