"""A visitor searches the documentary base, ticks two facets, opens a notice, downloads its PDF."""
import pytest
from django.core.files.base import ContentFile

from base_documentaire import demo as documentaire_demo
from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.models import Fichier, Notice, NoticeFichier
from search.engines import get_engine
from tests.pdfs import pdf_bytes

pytestmark = pytest.mark.browser
GUIDE = "Intégrer l'égalité femmes-hommes dans vos actions en politique de la ville"
PDF = pdf_bytes("Guide méthodologique : égalité femmes-hommes")


@pytest.fixture
def documentary_site(live_demo):
    from wagtail.models import Page

    get_engine().drop(notice_schema())
    documentaire_demo.load(Page.objects.get(depth=2, slug="accueil"))
    guide = Notice.objects.get(titre=GUIDE)
    fichier = Fichier.objects.create(title="Guide (PDF)", file=ContentFile(PDF, name="guide-egalite.pdf"))
    NoticeFichier.objects.create(notice=guide, fichier=fichier)
    indexing.schedule([guide.pk])
    indexing.sync(refresh=True)
    yield live_demo
    get_engine().drop(notice_schema())


def test_search_two_facets_open_notice_download_pdf(documentary_site, page, artifacts):  # data before browser
    page.goto(documentary_site + "/base-documentaire/")
    page.get_by_label("Mots, « expression exacte »").fill("égalité")
    page.get_by_role("button", name="Rechercher", exact=True).last.click()
    assert page.get_by_role("status").inner_text() == "2 notices"

    page.get_by_role("checkbox", name="Guide").check()
    page.get_by_role("checkbox", name="Montpellier (34)").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    assert page.get_by_role("status").inner_text() == "1 notice"
    page.screenshot(path=str(artifacts / "base-documentaire.png"), full_page=True)

    page.get_by_role("link", name=GUIDE).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(GUIDE)
    with page.expect_download() as download_info:
        # exact: opened from a search, the notice also lists its pages, « p. 1 (page 1 du fichier « Guide (PDF) ») »
        page.get_by_role("link", name="Guide (PDF)", exact=True).click()
    path = download_info.value.path()
    with open(path, "rb") as downloaded:
        assert downloaded.read() == PDF
