"""A département's fiche lists the acteurs, events, publications and news of the site (each app's real
related source) tagged with its communes and QPV, never those of another département."""
import datetime

import pytest
from bs4 import BeautifulSoup

from ressources.actualites.models import ActualitesIndexPage
from ressources.agenda.models import AgendaIndexPage
from ressources.annuaire.models import AnnuairePage
from ressources.publications.models import PublicationsIndexPage
from ressources.related import sources

from ..actualites.conftest import make_news
from ..agenda.conftest import make_event
from ..annuaire.conftest import make_acteur
from ..publications.conftest import make_publication
from .conftest import make_fiche


def listed(response, key):
    """Titles of the related list of the source `key`, found by its (translated) label."""
    label = str(next(source.label for source in sources() if source.key == key))
    for block in BeautifulSoup(response.content, "html.parser").select(".related-list"):
        if block["aria-label"] == label:
            return {link.get_text(strip=True) for link in block.select("ul a")}
    return set()


def index_page(home, model, title, slug):
    page = home.add_child(instance=model(title=title, slug=slug))
    page.save_revision().publish()
    return page


@pytest.fixture
def tagged(demo_site, documentary_page, territoires):
    """For each source: one item in a QPV of the Hérault, one in a commune of it, one in the Gard."""
    t = territoires
    places = {"qpv": t["mosson"], "commune": t["montpellier"], "ailleurs": t["pissevin"]}
    agenda = index_page(demo_site, AgendaIndexPage, "Agenda", "agenda")
    publications = index_page(demo_site, PublicationsIndexPage, "Publications", "publications")
    news = index_page(demo_site, ActualitesIndexPage, "Actualités", "actualites")
    index_page(demo_site, AnnuairePage, "Annuaire", "annuaire")
    for where, territoire in places.items():
        make_event(agenda, f"Rencontre {where}", territoires=[territoire])
        make_publication(publications, f"Dossier {where}", territoires=[territoire])
        make_news(news, f"Brève {where}", territoires=[territoire], date=datetime.date(2024, 3, 1))
        make_acteur(f"Association {where}", territoires=[territoire])


SOURCES = {"acteurs": "Association", "agenda": "Rencontre", "publications": "Dossier", "actualites": "Brève"}


def test_departement_fiche_lists_items_of_its_communes_and_qpv_only(client, index, territoires, tagged):
    herault = make_fiche(index, territoires["herault"])
    response = client.get(herault.url)
    for key, prefix in SOURCES.items():
        assert listed(response, key) == {f"{prefix} qpv", f"{prefix} commune"}, key

    gard = make_fiche(index, territoires["gard"])
    response = client.get(gard.url)
    for key, prefix in SOURCES.items():
        assert listed(response, key) == {f"{prefix} ailleurs"}, key
