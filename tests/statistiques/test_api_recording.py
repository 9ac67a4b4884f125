"""Searches through the JSON API (GET /api/v1/notices/) are counted in the statistics like the search page's:
one counter per day, folded text and filters (the same counter as the page's), next pages and empty or
invalid searches not counted, nothing about the caller; the results' `url` stays the permalink."""
import pytest
from django.test import Client

from statistiques.models import Recherche
from tests.site.test_page_cache import page_cache  # noqa: F401 (fixture)

from .conftest import URL

API = "/api/v1/notices/"


def counters():
    return {(row.texte_plie, row.filtres): (row.recherches, row.sans_resultat, row.resultats)
            for row in Recherche.objects.all()}


def test_api_searches_are_counted_like_the_pages(client, page):
    assert client.get(API, {"q": "Santé"}).status_code == 200
    assert client.get(URL, {"q": " sante "}).status_code == 200  # the page's search: the same counter
    assert client.get(API, {"q": "santé", "theme": "Santé"}).status_code == 200
    assert client.get(API, {"q": "zzzyx"}).status_code == 200
    assert counters() == {("sante", "{}"): (2, 0, 1), ("sante", '{"theme": ["Santé"]}'): (1, 0, 1),
                          ("zzzyx", "{}"): (1, 1, 0)}


def test_api_next_pages_empty_and_invalid_searches_count_nothing_more(client, page):
    client.get(API, {"q": "quartiers", "page_size": "1"})
    client.get(API, {"q": "quartiers", "page_size": "1", "page": "2"})
    client.get(API)
    client.get(API, {"tri": "date"})
    assert client.get(API, {"q": "santé", "tri": "hasard"}).status_code == 400
    assert counters() == {("quartiers", "{}"): (1, 0, 2)}


def test_api_results_keep_their_permalink_and_nothing_about_the_caller_is_stored(client, page):
    body = client.get(API, {"q": "santé"}, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="curl/8").json()
    assert body["results"][0]["url"].endswith(f"/notices/{body['results'][0]['id']}/")  # no ?from=
    stored = [str(value) for row in Recherche.objects.values() for value in row.values()]
    assert not any(secret in value for value in stored for secret in ("203.0.113.7", "curl"))


def test_a_failing_recording_never_fails_the_api(client, page, monkeypatch):
    from statistiques import recording

    def broken(*args, **kwargs):
        raise RuntimeError("statistics down")

    monkeypatch.setattr(recording, "record_search", broken)
    response = client.get(API, {"q": "santé"})
    assert response.status_code == 200 and response.json()["count"] == 1
    assert not Recherche.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_api_search_served_from_the_page_cache_is_still_counted(page_cache, page):  # noqa: F811
    first, second = Client().get(API, {"q": "santé"}), Client().get(API, {"q": "santé"})
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.json() == first.json()
    assert counters() == {("sante", "{}"): (2, 0, 1)}
