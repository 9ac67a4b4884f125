"""The documentary search as a new user meets it: the count heading, active filters as chips, facets as trees,
the zero-result state, the selection bar (basket and export without JavaScript) and the query budget; on each
engine (the facets' values and counts come from the engine)."""
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from base_documentaire import facet_tree
from infodoc.models import DemandeInfoDocPage
from lecteurs import basket

URL = "/base-documentaire/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(html):
    return sorted(a.get_text(" ", strip=True) for a in html.select(".doc-results h3 a"))


def text(element):
    return " ".join(element.get_text(" ", strip=True).split())


def follow(client, href):
    return soup(client.get(URL, parse_qs(urlsplit(href).query)))


@pytest.fixture
def page(documentary_page, notices):
    return documentary_page


def test_the_count_is_a_heading_inside_a_live_region(client, page):
    html = soup(client.get(URL, {"q": "quartiers"}))
    heading = html.find("h2", id="results-title")
    assert text(heading) == "2 notices" and not heading.has_attr("role")
    assert heading.find_parent(attrs={"role": "status"}) is not None
    assert html.find(id="resultats").name == "section"


def test_each_active_filter_is_a_chip_that_removes_only_itself(client, page):
    html = soup(client.get(URL, {"q": "quartiers", "theme": "Cohésion sociale", "annee": "2019"}))
    chips = {text(chip): chip["href"] for chip in html.select("a.chip")}
    assert set(chips) == {"Retirer le filtre Thème : Cohésion sociale ×", "Retirer le filtre Année : 2019 ×"}
    without_theme = follow(client, chips["Retirer le filtre Thème : Cohésion sociale ×"])
    assert [text(chip) for chip in without_theme.select("a.chip")] == ["Retirer le filtre Année : 2019 ×"]
    assert titles(without_theme) == ["Santé mentale et précarité dans les quartiers"]
    assert without_theme.find("input", id="doc-q")["value"] == "quartiers"


def test_reset_clears_every_filter_and_keeps_the_text_and_sort(client, page):
    html = soup(client.get(URL, {"q": "quartiers", "tri": "titre", "territoire": "Bretagne", "annee_min": "2020",
                                 "page": "1"}))
    assert [text(chip) for chip in html.select("a.chip")] == [
        "Retirer le filtre Territoire : Bretagne ×", "Retirer le filtre Années : à partir de 2020 ×"]
    reset = html.select_one("a.chips-reset")
    assert text(reset) == "Réinitialiser les filtres"
    assert parse_qs(urlsplit(reset["href"]).query) == {"q": ["quartiers"], "tri": ["titre"]}
    cleared = follow(client, reset["href"])
    assert cleared.select("a.chip") == [] and len(titles(cleared)) == 2


def test_the_filters_panel_is_a_details_after_the_count_and_before_the_results(client, page):
    html = soup(client.get(URL, {"theme": "Santé"}))
    panel = html.find("details", id="filtres")
    assert text(panel.find("summary")) == "Filtrer (1)"
    assert panel.find("aside", class_="facets") is not None
    order = [element.get("id") or element.name for element in html.select("#results-title, #filtres, #resultats")]
    assert order == ["results-title", "filtres", "resultats"]


def test_themes_and_territories_are_trees(client, page):
    html = soup(client.get(URL))
    tree = html.find("input", attrs={"name": "territoire", "value": "Occitanie"}).find_parent("li")
    herault = tree.find("input", attrs={"value": "Hérault"}).find_parent("li")
    assert herault.find_parent("li") is tree
    montpellier = herault.find("input", attrs={"value": "Montpellier (34)"})
    assert montpellier.find_parent("li").find_parent("li") is herault
    assert "(2)" in text(tree.find("label")) and "(1)" in text(herault.find("label"))
    cohesion = html.find("input", attrs={"name": "theme", "value": "Cohésion sociale"}).find_parent("li")
    sante = cohesion.find("input", attrs={"name": "theme", "value": "Santé"})
    assert sante is not None and "(1)" in text(html.find("label", attrs={"for": sante["id"]}))
    branch = cohesion.find("details", class_="facet-branch")
    assert text(branch.find("summary")) == "Cohésion sociale : 1 valeur plus précise"
    roots = [text(li.find("label")) for li in html.select("fieldset .facet-values:not(.facet-children) > li")
             if li.find("input", attrs={"name": "territoire"})]
    assert roots == ["Occitanie (2)", "Bretagne (1)"]


def test_a_selected_narrower_value_is_shown_unfolded(client, page, monkeypatch):
    monkeypatch.setattr(facet_tree, "SMALL_TREE", 0)  # folded unless something below is selected
    html = soup(client.get(URL, {"territoire": "Montpellier (34)"}))
    occitanie = html.find("input", attrs={"name": "territoire", "value": "Occitanie"}).find_parent("li")
    assert occitanie.find("details").has_attr("open")
    cohesion = html.find("input", attrs={"name": "theme", "value": "Cohésion sociale"}).find_parent("li")
    assert not cohesion.find("details").has_attr("open")
    box = html.find("input", attrs={"name": "territoire", "value": "Montpellier (34)"})
    assert box.has_attr("checked")


def test_the_zero_result_state_suggests_widens_and_links_the_infodoc_form(client, page):
    home = Page.objects.get(depth=1).get_children().first()
    form_page = home.add_child(instance=DemandeInfoDocPage(title="Service info-doc", slug="service-info-doc"))
    html = soup(client.get(URL, {"q": "santé mantale", "contributeur": "Villes et Territoires Occitanie"}))
    assert html.select(".doc-results li") == []
    empty = html.select_one(".doc-empty")
    assert text(empty).startswith("Aucune notice ne correspond à cette recherche.")
    assert text(empty.select_one(".doc-suggestion")).startswith("Vouliez-vous dire : santé mentale")
    assert "retirez un filtre (ci-dessus)" in text(empty)
    assert [text(chip) for chip in html.select("a.chip")] == [
        "Retirer le filtre Contributeur : Villes et Territoires Occitanie ×"]
    link = empty.find("a", string="Posez votre question au service info-doc")
    assert link["href"] == form_page.url


def test_no_infodoc_link_without_a_published_form(client, page):
    html = soup(client.get(URL, {"q": "introuvablissime"}))
    assert html.select_one(".doc-empty") is not None
    assert html.find("a", string="Posez votre question au service info-doc") is None


def test_each_result_has_a_visible_select_box_named_after_its_title(client, page):
    html = soup(client.get(URL, {"q": "emploi"}))
    box = html.select_one(".doc-results input[type=checkbox][name=id]")
    assert box["form"] == "selection"
    label = html.find("label", attrs={"for": box["id"]})
    assert text(label) == "Sélectionner « L'emploi des jeunes des quartiers prioritaires »"
    assert "visually-hidden" not in (label.get("class") or [])
    bar = html.select_one(".selection-bar")
    assert bar.find_next("ol", class_="doc-results") is not None  # the bar is above the results
    assert html.find("form", id="selection")["method"] == "post"


def test_the_selection_goes_to_the_basket_without_javascript(client, page, notices):
    search = URL + "?q=quartiers"
    ids = [notices["sante"].pk, notices["emploi"].pk]
    response = client.post("/mon-espace/panier/modifier/", {"selection": "panier", "id": ids, "next": search})
    assert response.status_code == 302 and response["Location"] == search
    assert client.session[basket.SESSION_KEY] == ids
    html = soup(client.get(search))
    assert "2 notices ajoutées au panier." in text(html.select_one(".messages"))


def test_the_selection_is_exported_without_javascript(client, page, notices):
    ids = [notices["emploi"].pk, notices["sante"].pk]
    response = client.post("/mon-espace/panier/modifier/", {"selection": "export", "format": "csv", "id": ids,
                                                            "next": URL})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == URL + "export/"
    assert parse_qs(target.query) == {"format": ["csv"], "id": [str(pk) for pk in ids]}
    exported = b"".join(client.get(response["Location"]).streaming_content).decode()
    assert "L'emploi des jeunes" in exported and "Santé mentale" in exported and "Égalité" not in exported


@pytest.mark.parametrize("data, message", [
    ({"selection": "export", "format": "ris"}, "Cochez d'abord au moins une notice."),
    ({"selection": "panier", "id": ["abc", "-1"]}, "Cochez d'abord au moins une notice."),
    ({"selection": "export", "format": "docx", "id": ["1"]}, "Cet export n'est pas disponible."),
])
def test_bad_selections_get_a_french_message(client, page, data, message):
    response = client.post("/mon-espace/panier/modifier/", {**data, "next": URL}, follow=True)
    assert message in text(soup(response).select_one(".messages"))
    assert client.session.get(basket.SESSION_KEY, []) == []


def test_the_trees_cost_no_query_once_known(client, page, django_assert_max_num_queries, monkeypatch):
    """Query budget: a search with thème and territoire filters, as trees, makes no more queries than the
    same page with flat facets (the parents of labels already met are known to the process); labels never
    met cost one query per tree facet, whatever their number."""
    params = {"q": "quartiers", "theme": "Cohésion sociale", "territoire": "Occitanie"}
    client.get(URL, params)
    with django_assert_max_num_queries(100) as as_trees:
        assert client.get(URL, params).status_code == 200
    facet_tree.clear()
    with django_assert_max_num_queries(100) as cold:
        client.get(URL, params)
    monkeypatch.setattr(facet_tree, "TREE_FACETS", ())
    with django_assert_max_num_queries(100) as flat:
        client.get(URL, params)
    assert len(as_trees) == len(flat)
    assert len(cold) == len(flat) + 2
