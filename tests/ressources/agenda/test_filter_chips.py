"""The agenda like the documentary search: the count and the events before the filters (folded in a « Filtrer »
<details>), active filters as removable chips with « Réinitialiser », a skip link to the results."""
from urllib.parse import parse_qs

from bs4 import BeautifulSoup

from .test_pages import events  # noqa: F401 (fixture)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_count_and_events_come_before_the_filters_panel(client, index, events):  # noqa: F811
    html = soup(client.get(index.url))
    order = [element.get("id") for element in html.select("#results-title, #filtres, #resultats")]
    assert order == ["results-title", "filtres", "resultats"]
    panel = html.find("details", id="filtres")
    assert panel.summary.get_text(strip=True) == "Filtrer" and not panel.has_attr("open")  # no JS: folded
    assert panel.find("form", attrs={"method": "get"}).find("button", type="submit")
    assert html.find("a", class_="skip-link", href="#resultats").get_text(strip=True) == "Aller aux résultats"
    assert html.find(id="resultats").select(".event-list li.card")
    assert not html.select(".chips")  # nothing filtered: no chip, no reset


def test_each_active_filter_is_a_chip_removing_only_itself(client, index, events):  # noqa: F811
    response = client.get(index.url, {"type": ["webinaire", "formation"], "theme": "Cohésion sociale",
                                      "periode": "passes", "page": "1"})
    html = soup(response)
    chips = {link.get_text(" ", strip=True): parse_qs(link["href"].lstrip("?")) for link in html.select("a.chip")}
    assert chips == {
        "Retirer le filtre Type\u00a0: Webinaire ×": {"type": ["formation"], "theme": ["Cohésion sociale"],
                                                      "periode": ["passes"]},
        "Retirer le filtre Type\u00a0: Formation ×": {"type": ["webinaire"], "theme": ["Cohésion sociale"],
                                                      "periode": ["passes"]},
        "Retirer le filtre Thèmes\u00a0: Cohésion sociale ×": {"type": ["webinaire", "formation"],
                                                               "periode": ["passes"]},
    }
    assert html.select_one("#filtres summary").get_text(" ", strip=True) == "Filtrer (3)"
    reset = html.select_one("a.chips-reset")
    assert reset.get_text(" ", strip=True) == "Réinitialiser les filtres" and reset["href"] == f"{index.url}?periode=passes"

    month = events["formation"].date_debut.astimezone().strftime("%Y-%m")
    html = soup(client.get(index.url, {"mois": month, "origine": "centre"}))
    labels = [link.get_text(" ", strip=True) for link in html.select("a.chip")]
    assert labels[1] == "Retirer le filtre Organisé par\u00a0: Nos événements ×", labels
    assert labels[0].startswith("Retirer le filtre Mois\u00a0: ") and labels[0][-6:-2].isdigit()
    assert html.select_one("a.chips-reset")["href"] == index.url
    assert parse_qs(html.select("a.chip")[1]["href"].lstrip("?")) == {"mois": [month]}


def test_invalid_filters_open_the_panel_and_show_no_chip(client, index, events):  # noqa: F811
    response = client.get(index.url, {"mois": "2099-13", "type": "webinaire"})
    html = soup(response)
    assert response.status_code == 400
    assert html.find("details", id="filtres").has_attr("open")
    assert not html.select("a.chip")
