"""The search journey with hits by page, on the three engines: a result showing « p. 37 » links to its notice
with the search's words (`dans`), so the notice page opens with « Rechercher dans ce document » filled and its
pages listed; other results' links are unchanged; the JSON API gives each result's pages (number, passage,
the file's absolute address at #page=N)."""
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from statistiques.models import Consultation
from tests.base_documentaire.conftest import documentary_page, search_index  # noqa: F401 (fixtures)
from tests.search.test_page_hits_notices import report  # noqa: F401 (fixture)

URL = "/base-documentaire/"
API = "/api/v1/notices/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def result_links(response):
    return {link.get_text(strip=True): link["href"] for link in soup(response).select(".doc-results h3 a")}


def test_a_result_with_page_hits_links_to_its_notice_with_the_searchs_words(client, report):  # noqa: F811
    notice, fichier, plain = report
    links = result_links(client.get(URL, {"q": "  Programme "}))
    with_pages = urlsplit(links[notice.titre])
    assert with_pages.path == f"{URL}notices/{notice.pk}/"
    params = parse_qs(with_pages.query)
    assert params["dans"] == ["Programme"] and len(params["from"][0]) == 16  # statistics' key kept
    without_pages = urlsplit(links[plain.titre])  # « programme » in its abstract, in no PDF page
    assert "dans" not in parse_qs(without_pages.query)


def test_the_notice_page_opens_with_the_box_filled_and_its_pages_listed(client, report):  # noqa: F811
    notice, fichier, _plain = report
    link = result_links(client.get(URL, {"q": "programme rénovation"}))[notice.titre]
    page = soup(client.get(link))
    box = page.select_one("section.document-search")
    assert box.select_one("input#document-search-text")["value"] == "programme rénovation"
    assert box.select_one(".document-search-count").get_text(strip=True) == "2 pages trouvées"
    assert [a["href"] for a in box.select("a.page-hit-link")] == [f"{fichier.url}#page=37", f"{fichier.url}#page=120"]
    opened = Consultation.objects.get()  # the opening still counts under its search
    assert opened.notice_id == notice.pk and opened.recherche.texte_plie == "programme renovation"


def test_a_notice_opened_without_search_words_has_an_empty_box(client, report):  # noqa: F811
    notice, _fichier, _plain = report
    box = soup(client.get(f"{URL}notices/{notice.pk}/")).select_one("section.document-search")
    assert box.select_one("input#document-search-text")["value"] == ""
    assert box.select_one(".page-hits") is None and box.select_one(".document-search-count") is None


def test_the_site_search_links_carry_the_words_too(client, report):  # noqa: F811
    notice, _fichier, _plain = report
    links = result_links(client.get("/recherche/", {"q": "tilleuls"}))
    assert links[notice.titre] == f"{URL}notices/{notice.pk}/?dans=tilleuls"


def test_the_json_api_gives_each_results_pages(client, report):  # noqa: F811
    notice, fichier, plain = report
    body = client.get(API, {"q": "programme"}).json()
    results = {result["id"]: result for result in body["results"]}
    pages = results[notice.pk]["pages"]
    assert [hit["page"] for hit in pages] == [37]
    first = pages[0]
    assert set(first) == {"page", "passage", "fichier", "url"}
    assert first["url"] == f"http://testserver{fichier.url}#page=37" and first["fichier"] == "Rapport annuel 2023"
    assert "<mark>" in first["passage"] and "programme" in first["passage"].lower()
    assert results[plain.pk]["pages"] == []
    assert results[notice.pk]["url"] == f"http://testserver{URL}notices/{notice.pk}/"  # the permalink, as before


def test_the_json_api_gives_the_3_best_pages_at_most(client, report):  # noqa: F811
    notice, _fichier, _plain = report
    body = client.get(API, {"q": "contrat ville habitants"}).json()
    pages = {result["id"]: result["pages"] for result in body["results"]}[notice.pk]
    assert 1 <= len(pages) <= 3  # the 3 best pages of 198, like the HTML results
    assert all("<mark>" in hit["passage"] and hit["url"].endswith(f"#page={hit['page']}") for hit in pages)


@pytest.mark.parametrize("text", ["", '"((( OR', "x" * 600])
def test_the_api_with_odd_text_still_answers(client, report, text):  # noqa: F811
    response = client.get(API, {"q": text})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["errors"]["q"].startswith("Le texte recherché est trop long")
    else:
        assert all(isinstance(result["pages"], list) for result in response.json()["results"])


@pytest.mark.parametrize("link_query, hits, text, expected", [
    ("?from=0123456789abcdef", ["p. 37"], "  programme   rénovation ",
     "/n/1/?from=0123456789abcdef&dans=programme+r%C3%A9novation"),
    ("", ["p. 37"], "a&b=c #d", "/n/1/?dans=a%26b%3Dc+%23d"),
    ("?from=0123456789abcdef", [], "programme", "/n/1/?from=0123456789abcdef"),  # no page hit: link unchanged
    ("", ["p. 37"], "   ", "/n/1/"),  # no search text: nothing to carry
    ("", ["p. 37"], "é" * 600, "/n/1/?dans=" + "%C3%A9" * 500),  # the search's own length limit
])
def test_result_url_adds_the_words_only_where_there_are_page_hits(link_query, hits, text, expected):
    from types import SimpleNamespace

    from base_documentaire.document_search import result_url

    assert result_url("/n/1/", link_query, SimpleNamespace(page_hits=hits), text) == expected
