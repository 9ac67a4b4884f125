"""Covers in the real Chromium: a PDF attached to a notice (the worker made its cover when the file was
stored) shows its first page on the results and on the notice page, in WebP; a notice without file shows
its type's placeholder, no broken image; nothing moves or overflows at 320 px. Screenshots kept."""

import pytest
from django.core.files.base import ContentFile

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.models import Fichier, NoticeFichier
from base_documentaire.models.files import CoverStatus
from search.engines import get_engine
from tests.base_documentaire.conftest import make_notice
from tests.pdfs import pdf_bytes

pytestmark = pytest.mark.browser
REPORT = "Rapport annuel du centre de ressources 2023"
GUIDE = "Guide des conseils citoyens"


@pytest.fixture
def covered_site(live_demo, dev_urls):  # the live server serves the renditions as `scripts/run.sh` does
    from wagtail.models import Page

    from base_documentaire.models import BaseDocumentairePage

    get_engine().drop(notice_schema())
    if not BaseDocumentairePage.objects.exists():
        home = Page.objects.get(depth=2)
        home.add_child(instance=BaseDocumentairePage(title="Base documentaire", slug="base-documentaire"))
    report = make_notice(REPORT, type_document="rapport", annee=2023)
    guide = make_notice(GUIDE, type_document="guide", annee=2022)
    # Stored outside any transaction (live server): the upload's tasks run at once, extraction then cover.
    fichier = Fichier(title="Rapport (PDF)")
    fichier.file.save("rapport-2023.pdf", ContentFile(pdf_bytes(REPORT, "Sommaire")), save=True)
    NoticeFichier.objects.create(notice=report, fichier=fichier)
    assert Fichier.objects.get(pk=fichier.pk).couverture_statut == CoverStatus.DONE
    indexing.schedule([report.pk, guide.pk])
    indexing.sync(refresh=True)
    yield {"url": live_demo, "report": report, "guide": guide}
    get_engine().drop(notice_schema())


def loaded_image(locator):
    """(naturalWidth, currentSrc) of an <img>, once it has loaded."""
    locator.scroll_into_view_if_needed()
    locator.evaluate("img => img.complete || new Promise(done => img.addEventListener('load', done))")
    return locator.evaluate("img => [img.naturalWidth, img.currentSrc]")


def test_results_and_notice_page_show_the_cover_or_the_placeholder(covered_site, page, artifacts):
    base = covered_site["url"]
    page.goto(base + "/base-documentaire/")
    report_item = page.locator(".doc-results li").filter(has_text=REPORT)
    image = report_item.locator("picture img")
    width, source = loaded_image(image)
    assert width > 0 and ".webp" in source  # Chromium takes the WebP source
    assert image.get_attribute("alt") == "" and image.get_attribute("loading") == "lazy"
    box = image.bounding_box()
    assert 70 <= box["width"] <= 90  # the list's size, set before the image arrives
    guide_item = page.locator(".doc-results li").filter(has_text=GUIDE)
    assert guide_item.locator("img").count() == 0
    assert guide_item.locator(".cover-placeholder .cover-type").inner_text().lower() == "guide"
    page.screenshot(path=str(artifacts / "covers-results.png"), full_page=True)

    page.get_by_role("link", name=REPORT).click()
    cover = page.locator("article.notice .cover-page picture img")
    width, source = loaded_image(cover)
    assert width >= 300 and ".webp" in source
    page.screenshot(path=str(artifacts / "covers-notice.png"), full_page=True)

    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/base-documentaire/", f"/base-documentaire/notices/{covered_site['report'].pk}/"):
        page.goto(base + path)
        overflow = page.evaluate("() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} overflows by {overflow} px at 320 px"
    page.screenshot(path=str(artifacts / "covers-notice-320.png"), full_page=True)
