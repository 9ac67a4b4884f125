"""Fiches territoires fixtures: a small hierarchy (two départements of Occitanie, an EPCI, communes,
QPV), the territories index under the demo home page and a factory of fiches."""
import pytest

from base_documentaire.models import Territoire
from ressources.territoires.models import FicheTerritoirePage, TerritoiresIndexPage


def territory(niveau, code, nom, *parents):
    item = Territoire.objects.create(niveau=niveau, code=code, nom=nom)
    item.parents.set(parents)
    return item


@pytest.fixture
def territoires(vocabulary):
    """Occitanie > Hérault > Montpellier Méditerranée Métropole > Montpellier > Mosson, Cévennes;
    Occitanie > Gard > Nîmes > Pissevin; Bretagne (from the documentary base's vocabulary)."""
    v = dict(vocabulary)
    v["metropole"] = territory("epci", "243400017", "Montpellier Méditerranée Métropole", v["herault"])
    v["montpellier"].parents.add(v["metropole"])
    v["mosson"] = territory("qpv", "QN03404M", "Mosson", v["montpellier"])
    v["cevennes"] = territory("qpv", "QN03403M", "Cévennes", v["montpellier"])
    v["gard"] = territory("departement", "30", "Gard", v["occitanie"])
    v["nimes"] = territory("commune", "30189", "Nîmes", v["gard"])
    v["pissevin"] = territory("qpv", "QN03006M", "Pissevin", v["nimes"])
    return v


@pytest.fixture
def index(demo_site):
    page = demo_site.add_child(instance=TerritoiresIndexPage(title="Les territoires", slug="territoires"))
    page.save_revision().publish()
    return page


def make_fiche(index, territoire, title=None, *, publish=True, **fields):
    fiche = FicheTerritoirePage(title=title or territoire.nom, territoire=territoire, live=publish, **fields)
    index.add_child(instance=fiche)
    revision = fiche.save_revision()
    if publish:
        revision.publish()
    return fiche
