"""The public documentary search page: full text, facets, highlights, errors in French."""
import pytest
from bs4 import BeautifulSoup

URL = "/base-documentaire/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(response):
    return [a.get_text(" ", strip=True) for a in soup(response).select(".doc-results h3 a")]


@pytest.fixture
def page(documentary_page, notices):
    return documentary_page


def test_search_finds_published_notices_with_highlights(client, page, django_assert_max_num_queries):
    client.get(URL)  # first request of a site creates its settings row
    with django_assert_max_num_queries(13):  # +1: the results' covers (base_documentaire/covers_display.py)
        response = client.get(URL, {"q": "sante"})
    assert response.status_code == 200
    assert titles(response) == ["Santé mentale et précarité dans les quartiers"]
    assert "</mark>" in str(soup(response).select_one(".doc-results h3 a"))
    assert "1 notice" in soup(response).find(attrs={"role": "status"}).get_text()


def test_drafts_are_never_public(client, page):
    assert "Brouillon non publié sur la santé" not in titles(client.get(URL, {"q": "brouillon"}))
    assert "Brouillon non publié sur la santé" not in titles(client.get(URL))


def test_broad_theme_includes_narrower_themes(client, page):
    found = titles(client.get(URL, {"theme": "Cohésion sociale"}))
    assert sorted(found) == ["Santé mentale et précarité dans les quartiers",
                             "Égalité femmes-hommes : guide méthodologique"]


def test_region_includes_its_departements_and_communes(client, page):
    found = titles(client.get(URL, {"territoire": "Occitanie"}))
    assert sorted(found) == ["Santé mentale et précarité dans les quartiers",
                             "Égalité femmes-hommes : guide méthodologique"]


def test_two_facets_combine(client, page):
    found = titles(client.get(URL, {"territoire": "Occitanie", "annee": "2021"}))
    assert found == ["Égalité femmes-hommes : guide méthodologique"]


def test_facet_sidebar_shows_counts_and_keeps_selection(client, page):
    html = soup(client.get(URL, {"contributeur": "RésO Villes"}))
    box = html.find("input", attrs={"name": "contributeur", "value": "RésO Villes"})
    assert box.has_attr("checked")
    other = html.find("input", attrs={"name": "contributeur", "value": "Villes et Territoires Occitanie"})
    assert "(2)" in html.find("label", attrs={"for": other["id"]}).get_text()


def test_thesaurus_synonym(client, page):
    assert titles(client.get(URL, {"q": "QPV"})) == ["L'emploi des jeunes des quartiers prioritaires"]


@pytest.mark.parametrize("query", ['"((( OR', "AND NOT (", "<script>alert(1)</script>", "-", "x" * 400])
def test_any_text_gives_a_page(client, page, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize("params, field, message", [
    ({"annee_min": "deux mille"}, "annee_min", "Doit être un nombre entier."),
    ({"annee_min": "2022", "annee_max": "2020"}, "annee_max", "L'année de fin ne peut pas précéder l'année de début."),
    ({"tri": "hasard"}, "tri", "Ordre de tri inconnu."),
    ({"page": "0"}, "page", "Doit être au moins 1."),
    ({"q": "x" * 600}, "q", "Le texte recherché est trop long"),
])
def test_bad_parameters_get_a_french_message(client, page, params, field, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in soup(response).find(attrs={"role": "alert"}).get_text()


def test_search_engine_down_gives_a_french_message(client, page, settings):
    settings.CRPV_SEARCH_ENGINE = {"BACKEND": "search.engines.opensearch.OpenSearchEngine",
                                   "URL": "http://127.0.0.1:9", "INDEX_PREFIX": "x", "TIMEOUT": 1}
    response = client.get(URL, {"q": "santé"})
    assert response.status_code == 503
    assert "momentanément indisponible" in soup(response).find(attrs={"role": "alert"}).get_text()


def test_sort_by_title_and_pagination(client, page):
    first = titles(client.get(URL, {"tri": "titre", "page_size": "2"}))
    second = titles(client.get(URL, {"tri": "titre", "page_size": "2", "page": "2"}))
    assert first == ["Égalité femmes-hommes : guide méthodologique", "L'emploi des jeunes des quartiers prioritaires"]
    assert second == ["Santé mentale et précarité dans les quartiers"]


def test_highlighted_abstract_is_escaped_once(client, page):
    result = soup(client.get(URL, {"q": "egalite"})).select_one(".doc-results li")
    abstract = result.find("p", class_=False)
    assert abstract.get_text() == "Intégrer l'égalité dans les contrats de ville."
    assert abstract.find("mark").get_text() in {"égalité", "l'égalité"}
