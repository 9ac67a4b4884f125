"""Linking a territoire to its fiche from any page: `get_for_territoire`, `fiche_url` and
`{% territoire_link %}` (fiche, else the documentary search, else plain text)."""
from django.template import Context, Template
from django.test import RequestFactory

from ressources.territoires.links import fiche_url
from ressources.territoires.models import FicheTerritoirePage

from .conftest import make_fiche


def render(territoire, arguments=""):
    template = Template("{% load territoires_tags %}{% territoire_link territoire " + arguments + " %}")
    return template.render(Context({"territoire": territoire, "request": RequestFactory().get("/")}))


def test_a_territoire_with_a_live_fiche_links_to_it(index, territoires):
    fiche = make_fiche(index, territoires["herault"])
    make_fiche(index, territoires["gard"], publish=False)
    assert FicheTerritoirePage.get_for_territoire(territoires["herault"]).pk == fiche.pk
    assert FicheTerritoirePage.get_for_territoire(territoires["gard"].pk) is None
    assert fiche_url(territoires["herault"]) == fiche.url
    assert render(territoires["herault"]) == f'<a href="{fiche.url}">Hérault</a>'


def test_without_fiche_it_links_to_the_documentary_search_or_prints_the_name(index, territoires,
                                                                              documentary_page):
    html = render(territoires["mosson"])
    assert html.startswith('<a href="/base-documentaire/?territoire=Mosson+%28QN03404M%29">Mosson (QN03404M)')
    assert "documents de la base documentaire" in html
    assert render(territoires["mosson"], "search=False") == "Mosson (QN03404M)"


def test_the_name_is_escaped(index, territoires):
    territoires["gard"].libelle = "Gard <em>30</em>"
    territoires["gard"].save()
    assert render(territoires["gard"]) == "Gard &lt;em&gt;30&lt;/em&gt;"
