"""GET /api/v1/notices/: the documentary search as JSON."""
import pytest

URL = "/api/v1/notices/"


@pytest.fixture
def data(documentary_page, notices):
    return notices


def test_shape_of_the_answer(client, data):
    body = client.get(URL, {"q": "emploi"}).json()
    assert body["count"] == 1 and body["page"] == 1
    result = body["results"][0]
    assert set(result) == {"id", "external_id", "titre", "url", "type", "annee", "themes", "territoires", "highlight",
                           "pages"}
    assert result["pages"] == []  # no PDF page holds the words: hits by page in tests/search/test_search_journey_pages.py
    assert result["titre"] == "L'emploi des jeunes des quartiers prioritaires"
    assert result["type"] == "Actes" and result["annee"] == 2021
    assert result["url"].endswith(f"/base-documentaire/notices/{result['id']}/")
    assert set(body["facets"]) == {"theme", "territoire", "type", "annee", "contributeur", "disponibilite"}


def test_facet_values_are_the_labels_shown_to_users(client, data):
    facets = client.get(URL).json()["facets"]
    assert {"value": "Villes et Territoires Occitanie", "count": 2} in facets["contributeur"]
    assert {"value": "Cohésion sociale", "count": 2} in facets["theme"]


def test_repeated_parameter_selects_several_values(client, data):
    body = client.get(URL + "?territoire=Bretagne&territoire=Montpellier%20(34)").json()
    assert body["count"] == 2


def test_year_range(client, data):
    assert client.get(URL, {"annee_min": "2020", "annee_max": "2021"}).json()["count"] == 2


def test_bad_parameters_answer_400_in_french(client, data):
    response = client.get(URL, {"page_size": "1000", "annee_max": "abc"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["page_size"] == "Doit être compris entre 1 et 100."
    assert errors["annee_max"] == "Doit être un nombre entier."


def test_engine_down_answers_503(client, data, settings):
    settings.CRPV_SEARCH_ENGINE = {"BACKEND": "search.engines.opensearch.OpenSearchEngine",
                                   "URL": "http://127.0.0.1:9", "INDEX_PREFIX": "x", "TIMEOUT": 1}
    response = client.get(URL)
    assert response.status_code == 503
    assert "indisponible" in response.json()["errors"]["__all__"]
