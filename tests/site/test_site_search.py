import pytest
from bs4 import BeautifulSoup


@pytest.mark.parametrize("query", ['"((( OR', "AND NOT (", "NEAR(a b)", '"', "-", "é*", "<script>alert(1)</script>", "x" * 5000])
def test_search_box_never_errors(client, demo_site, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_search_finds_pages_and_counts_in_french(client, demo_site):
    soup = BeautifulSoup(client.get("/recherche/", {"q": "rendez-vous"}).content, "html.parser")
    assert "résultat" in soup.find(attrs={"role": "status"}).get_text()
    assert "Nos rendez-vous" in [a.get_text(strip=True) for a in soup.select(".search-results a")]


def test_search_page_out_of_range_falls_back_to_first(client, demo_site):
    assert client.get("/recherche/", {"q": "centre", "page": "999"}).status_code == 200
    assert client.get("/recherche/", {"q": "centre", "page": "abc"}).status_code == 200
