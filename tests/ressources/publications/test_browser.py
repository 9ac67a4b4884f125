"""A visitor filters the publications to the podcasts, reads a transcript, browses the newsletter's
archive and reaches a publication's notice in the base documentaire, all without JavaScript tricks."""
import pytest

from base_documentaire import demo as documentaire_demo
from base_documentaire.documents import notice_schema
from ressources.publications import demo
from search.engines import get_engine
from tests.browser.conftest import artifacts, live_demo, page  # noqa: F401

pytestmark = pytest.mark.browser
PODCAST = "Priorité aux quartiers : de l'observation à la contractualisation"


@pytest.fixture
def publications_site(live_demo):  # noqa: F811
    from wagtail.models import Page

    get_engine().drop(notice_schema())
    home = Page.objects.get(depth=2, slug="accueil")
    documentaire_demo.load(home)
    demo.load(home)
    yield live_demo
    get_engine().drop(notice_schema())


def test_filter_podcasts_read_transcript_and_reach_the_notice(publications_site, page, artifacts):  # noqa: F811
    page.goto(publications_site + "/publications/")
    page.get_by_role("checkbox", name="Podcast").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    assert page.get_by_role("status").inner_text().startswith("1 publication")
    page.screenshot(path=str(artifacts / "publications.png"), full_page=True)

    page.get_by_role("link", name=PODCAST).click()
    assert page.get_by_role("heading", level=1).inner_text() == PODCAST
    assert "Bienvenue dans ce podcast" in page.locator(".publication-transcript").inner_text()

    page.get_by_role("link", name="Notice de cette publication dans la base documentaire").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(PODCAST)

    page.goto(publications_site + "/publications/resonances/")
    assert page.get_by_role("heading", level=2).first.inner_text() == "Archives : 2 numéros"
    page.get_by_role("link", name="N° 2 : Observer les quartiers pour mieux contractualiser").click()
    assert "Résonances n° 2" in page.locator(".publication-header .meta").inner_text()
