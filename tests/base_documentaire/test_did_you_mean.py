""""Vouliez-vous dire …" on the search page and in the JSON API, on each engine."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from base_documentaire import search_service

API = "/api/v1/notices/"
PAGE = "/base-documentaire/"


@pytest.fixture
def data(documentary_page, notices):
    return notices


def suggestion_link(response):
    """(text, query parameters) of the page's "Vouliez-vous dire" link, or None."""
    match = re.search(r'<p class="doc-suggestion">Vouliez-vous dire : <a href="([^"]+)">([^<]+)</a>&nbsp;\?</p>',
                      response.content.decode())
    if not match:
        return None
    return unescape(match.group(2)), parse_qs(urlsplit(unescape(match.group(1))).query)


def test_page_proposes_the_correction_keeping_the_filters(client, data):
    params = {"q": "santé mantale", "contributeur": "Villes et Territoires Occitanie"}
    response = client.get(PAGE, params)
    assert response.status_code == 200
    assert "0 notice" in response.content.decode()
    text, query = suggestion_link(response)
    assert text == "santé mentale"
    assert query == {"q": ["santé mentale"], "contributeur": ["Villes et Territoires Occitanie"]}
    followed = client.get(PAGE, {key: values[0] for key, values in query.items()})
    assert "Santé mentale et précarité dans les quartiers" in followed.content.decode()
    assert suggestion_link(followed) is None


def test_no_proposal_when_it_finds_no_more_with_the_filters(client, data):
    response = client.get(PAGE, {"q": "santé mantale", "contributeur": "RésO Villes"})
    assert response.status_code == 200 and suggestion_link(response) is None


def test_api_carries_the_suggestion(client, data):
    assert client.get(API, {"q": "emploi des jaunes"}).json()["suggestion"] == "emploi des jeunes"
    assert client.get(API, {"q": "emploi"}).json()["suggestion"] is None
    assert client.get(API).json()["suggestion"] is None


@pytest.mark.parametrize("text", ['"((( OR', "", " ", "x" * 500, "é" * 500, "-", "AND NOT (", "🙂"])
def test_bad_input_is_never_an_error(client, data, text):
    assert client.get(PAGE, {"q": text}).status_code == 200
    response = client.get(API, {"q": text})
    assert response.status_code == 200 and response.json()["suggestion"] is None


def test_control_characters_never_reach_the_suggestion(client, data):
    assert client.get(PAGE, {"q": "santé\x00 mantale"}).status_code in (200, 400)
    assert client.get(API, {"q": "santé\x00 mantale"}).status_code in (200, 400)


def test_too_long_text_is_refused_not_corrected(client, data):
    assert client.get(PAGE, {"q": "a" * 1000}).status_code == 400
    assert client.get(API, {"q": "a" * 1000}).status_code == 400


def test_engine_failing_during_the_suggestion_only_drops_it(client, data, monkeypatch):
    def broken(self, schema, text):
        raise RuntimeError("engine lost")

    monkeypatch.setattr(type(search_service.get_engine()), "suggest_query", broken, raising=False)
    response = client.get(API, {"q": "santé mantale"})
    assert response.status_code == 200 and response.json()["suggestion"] is None


def test_threshold_is_a_setting(client, data, settings):
    settings.CRPV_SUGGESTION_BELOW = 0
    assert client.get(API, {"q": "santé mantale"}).json()["suggestion"] is None
