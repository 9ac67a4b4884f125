"""Recording the public searches: one counter per day, folded text and filters; the notices opened
from a results page; nothing about the reader; never a broken page."""
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from statistiques import recording
from statistiques.models import Consultation, Recherche

from .conftest import URL


def result_links(response):
    return [a["href"] for a in BeautifulSoup(response.content, "html.parser").select(".doc-results h3 a")]


def test_searches_are_counted_by_folded_text_and_filters(client, page):
    client.get(URL, {"q": "Santé"})
    client.get(URL, {"q": "  sante "})
    client.get(URL, {"q": "SANTÉ", "theme": "Santé"})
    counters = {(row.texte_plie, row.filtres): row for row in Recherche.objects.all()}
    assert set(counters) == {("sante", "{}"), ("sante", '{"theme": ["Santé"]}')}
    plain = counters[("sante", "{}")]
    assert (plain.recherches, plain.sans_resultat, plain.resultats, plain.texte) == (2, 0, 1, "sante")
    assert plain.jour == timezone.localdate()


def test_nothing_about_the_reader_is_stored(client, page, django_user_model):
    client.force_login(django_user_model.objects.create_user("lecteur", "l@example.org", "pw"))
    client.get(URL, {"q": "santé"}, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")
    stored = [str(value) for row in Recherche.objects.values() for value in row.values()]
    assert not any(secret in value for value in stored for secret in ("203.0.113.7", "lecteur", "Firefox"))
    assert {field.name for field in Recherche._meta.get_fields()} == {
        "id", "jour", "cle", "texte_plie", "texte", "filtres", "recherches", "sans_resultat", "resultats",
        "consultations"}


def test_a_search_without_result_is_counted_as_such(client, page):
    client.get(URL, {"q": "zzzyx"})
    row = Recherche.objects.get()
    assert (row.recherches, row.sans_resultat, row.resultats) == (1, 1, 0)


def test_the_page_without_search_records_nothing(client, page):
    assert client.get(URL).status_code == 200
    assert client.get(URL, {"tri": "date"}).status_code == 200
    assert not Recherche.objects.exists()


def test_one_statement_records_a_search(client, page):
    client.get(URL, {"q": "quartiers"})  # the site's first request creates its settings rows
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"q": "quartiers"})
    statements = [q["sql"] for q in queries.captured_queries if "statistiques_" in q["sql"]]
    assert len(statements) == 1 and statements[0].startswith("INSERT")


def test_result_links_carry_the_search_key_and_next_pages_are_not_counted_again(client, page):
    first = client.get(URL, {"q": "quartiers", "page_size": "1"})
    counter = Recherche.objects.get()
    assert len(counter.cle) == recording.KEY_LENGTH
    assert result_links(first) == [f"{URL}notices/{page_notice(first)}/?from={counter.cle}"]
    second = client.get(URL, {"q": "Quartiers ", "page_size": "1", "page": "2"})
    assert result_links(second)[0].endswith(f"/?from={counter.cle}")
    counter.refresh_from_db()
    assert counter.recherches == 1


def test_the_key_names_the_words_and_filters_not_the_reader(client, page):
    one = result_links(client.get(URL, {"q": "santé", "theme": "Santé"}))
    client.cookies.clear()
    other = result_links(client.get(URL, {"theme": "Santé", "q": "SANTE"}, REMOTE_ADDR="198.51.100.9"))
    assert one == other


def page_notice(response):
    return BeautifulSoup(response.content, "html.parser").select_one(".doc-results input[name=id]")["value"]


def test_a_notice_opened_from_the_results_is_counted(client, page, notices):
    client.get(URL, {"q": "santé"})
    link = result_links(client.get(URL, {"q": "santé"}))[0]
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 200
    opened = Consultation.objects.get()
    assert (opened.notice, opened.ouvertures, opened.recherche.texte_plie) == (notices["sante"], 2, "sante")


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99999999", "9" * 40, "١٢", "", "%00", "0123456789ABCDEF",
                                   "0123456789abcdef", "0123456789abcdef0", "' OR 1=1 --"])
def test_any_from_value_gives_the_notice_page_and_counts_nothing(client, page, notices, value):
    client.get(URL, {"q": "santé"})
    response = client.get(f"{URL}notices/{notices['sante'].pk}/", {"from": value})
    assert response.status_code == 200
    assert not Consultation.objects.exists()


def test_an_old_link_counts_nothing(client, page, notices):
    old = Recherche.objects.create(jour=timezone.localdate() - timezone.timedelta(days=2), cle="00112233aabbccdd",
                                   texte="santé", texte_plie="sante", recherches=1)
    assert client.get(f"{URL}notices/{notices['sante'].pk}/", {"from": old.cle}).status_code == 200
    assert not Consultation.objects.exists()


def test_invalid_or_unavailable_searches_record_nothing(client, page, monkeypatch):
    assert client.get(URL, {"q": "santé", "tri": "hasard"}).status_code == 400
    from base_documentaire import search_service

    def down(*args, **kwargs):
        raise search_service.SearchUnavailable("down")

    monkeypatch.setattr(search_service, "run", down)
    assert client.get(URL, {"q": "santé"}).status_code == 503
    assert not Recherche.objects.exists()


def test_a_failing_recording_never_fails_the_search_nor_the_notice(client, page, notices, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("statistics down")

    monkeypatch.setattr(recording, "record_search", broken)
    monkeypatch.setattr(recording, "record_opening", broken)
    response = client.get(URL, {"q": "santé"})
    assert response.status_code == 200
    link = result_links(response)[0]
    assert client.get(link).status_code == 200
    assert not Recherche.objects.exists()


def test_the_writes_wait_for_the_response_to_be_sent(page):
    """Written when the server closes the response (request_finished), not while the page is built. As
    Django's test client does, the test's own database connection is kept open around the request."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    environ = RequestFactory()._base_environ(PATH_INFO=URL, QUERY_STRING="q=sant%C3%A9", HTTP_HOST="localhost")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda *args: None)
        assert b"".join(response) and not Recherche.objects.exists()
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert Recherche.objects.get().texte == "santé"


def test_a_very_long_query_is_recorded_within_its_column(client, page):
    text = "é" * 500
    assert client.get(URL, {"q": text}).status_code == 200
    row = Recherche.objects.get()
    assert row.texte == text and len(row.texte_plie) == 500


def test_the_writes_run_before_django_closes_the_request_connection():
    from django.core.signals import request_finished
    from django.db import close_old_connections

    from crpv_site.after_response import flush

    receivers = request_finished._live_receivers(None)[0]
    assert receivers.index(flush) < receivers.index(close_old_connections)
