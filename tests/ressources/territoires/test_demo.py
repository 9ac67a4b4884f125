"""The demo fiches: written from the seeds, rendered, idempotent and respectful of editors' edits."""
import pytest
from bs4 import BeautifulSoup

from base_documentaire import demo as documentaire_demo
from base_documentaire.models import Territoire
from ressources.territoires import demo
from ressources.territoires.models import FicheTerritoirePage, TerritoiresIndexPage


@pytest.fixture
def demo_fiches(demo_site):
    documentaire_demo.load(demo_site)
    return demo.load(demo_site)


def test_demo_creates_the_index_and_the_seeds_fiches(client, demo_fiches):
    assert demo_fiches.slug == "territoires" and demo_fiches.live
    titles = set(FicheTerritoirePage.objects.live().values_list("title", flat=True))
    assert {"Occitanie", "Bretagne", "Pays de la Loire", "Yvelines", "Hauts-de-Seine", "Val-d'Oise",
            "Cergy", "Montpellier", "Nantes"} <= titles
    val_d_oise = FicheTerritoirePage.objects.get(slug="val-d-oise")
    page = BeautifulSoup(client.get(val_d_oise.url).content, "html.parser")
    assert "80" in [td.get_text() for td in page.select(".chiffres-cles td.valeur")]
    assert "Rapport d'activité 2023" in page.select_one('[aria-labelledby="fiche-documents"]').get_text()
    qpv = page.select_one('[aria-labelledby="fiche-qpv"]')
    assert qpv.a.get_text() == "Quartier prioritaire d'exemple de Cergy"
    assert qpv.a["href"] == FicheTerritoirePage.objects.get(slug="quartier-exemple-cergy").url


def test_demo_is_idempotent_and_keeps_editors_edits(demo_site, demo_fiches):
    cergy = FicheTerritoirePage.objects.get(slug="cergy")
    cergy.title = "Cergy (revu par l'équipe)"
    cergy.save_revision().publish()
    FicheTerritoirePage.objects.get(slug="nantes").delete()
    counts = (FicheTerritoirePage.objects.count(), Territoire.objects.filter(niveau="qpv").count())

    demo.load(demo_site)

    assert TerritoiresIndexPage.objects.count() == 1
    assert FicheTerritoirePage.objects.get(slug="cergy").title == "Cergy (revu par l'équipe)"
    assert (FicheTerritoirePage.objects.count() - 1, Territoire.objects.filter(niveau="qpv").count()) == counts
