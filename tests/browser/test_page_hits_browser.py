"""A visitor searches a word found on page 37 of a 200-page PDF, sees « p. 37 » under the result
and clicks it: the browser opens the file at #page=37 (real Chromium)."""
import re

import pytest
from django.core.files.base import ContentFile

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.extraction import extract_text
from base_documentaire.models import Fichier, Notice, NoticeFichier
from search.engines import get_engine
from tests.search.test_page_hits_notices import REPORT

pytestmark = pytest.mark.browser
TITLE = "Rapport annuel du centre de ressources"
# The link's accessible name: its visible text, then the page and the file for screen readers.
LINK_NAME = re.compile(r"^p\.\s37\s+\(page 37 du fichier «\sRapport annuel 2023\s»\)$")


@pytest.fixture
def report_site(live_demo, tmp_path):
    from wagtail.models import Page

    from base_documentaire import demo as documentaire_demo

    get_engine().drop(notice_schema())
    documentaire_demo.load(Page.objects.get(depth=2, slug="accueil"))
    notice = Notice.objects.filter(live=True).first()
    fichier = Fichier.objects.create(title="Rapport annuel 2023", file=ContentFile(REPORT, name="rapport-annuel.pdf"))
    copy = tmp_path / "rapport.pdf"
    copy.write_bytes(REPORT)
    found = extract_text(str(copy))  # the extraction task's isolated worker
    Fichier.objects.filter(pk=fichier.pk).update(type_mime="application/pdf", texte=found.text, pages=found.pages,
                                                 extraction_statut=found.status)
    NoticeFichier.objects.create(notice=notice, fichier=fichier)
    indexing.schedule([notice.pk])
    indexing.sync(refresh=True)
    yield live_demo, notice, fichier
    get_engine().drop(notice_schema())


def test_clicking_p_37_opens_the_pdf_at_page_37(report_site, page, artifacts):
    site, notice, fichier = report_site
    page.goto(site + "/base-documentaire/?q=programme+r%C3%A9novation")
    link = page.get_by_role("link", name=LINK_NAME)
    assert link.inner_text().startswith("p.\u00a037")
    page.screenshot(path=str(artifacts / "page-hits-results.png"), full_page=True)
    # The link itself points at the serve view with the page fragment a PDF viewer honours.
    assert link.evaluate("a => a.href") == f"{site}{fichier.url}#page=37"
    # Clicking it fetches the PDF, served inline. Whether headless Chromium then commits a navigation to its PDF
    # viewer or hands the body to a download varies between builds, so the test waits for the response, not for
    # the address bar.
    with page.expect_response(lambda response: response.url == f"{site}{fichier.url}", timeout=60_000) as opened:
        link.click()
    served = opened.value
    assert served.status == 200 and served.headers["content-type"] == "application/pdf"
    assert not served.headers.get("content-disposition", "inline").startswith("attachment")
    # The body of a response Chromium handed to its viewer or to a download is not always kept: ask again.
    assert page.request.get(served.url).body() == REPORT
    page.screenshot(path=str(artifacts / "page-hits-pdf-at-page-37.png"))


def test_search_in_this_document_without_javascript(report_site, page, artifacts):
    site, notice, fichier = report_site
    page = page.context.browser.new_context(locale="fr-FR", java_script_enabled=False).new_page()
    page.goto(f"{site}/base-documentaire/notices/{notice.pk}/")
    box = page.get_by_role("region", name="Rechercher dans ce document")
    box.get_by_label("Mots à chercher dans les pages du document").fill("rénovation")
    box.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**dans=r%C3%A9novation*")
    box = page.get_by_role("region", name="Rechercher dans ce document")
    assert box.locator(".document-search-count").inner_text() == "2 pages trouvées"
    links = box.locator("a.page-hit-link")
    assert [links.nth(index).get_attribute("href") for index in range(2)] == [
        f"{fichier.url}#page=120", f"{fichier.url}#page=37"]
    box.screenshot(path=str(artifacts / "page-hits-search-in-document.png"))
