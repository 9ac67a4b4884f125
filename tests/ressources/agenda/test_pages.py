"""Agenda index, cycle and event pages: rendering within a query budget, upcoming/past, filters."""
import pytest
from bs4 import BeautifulSoup

from ressources.agenda.models import CyclePage, Seance
from ressources.annuaire.models import Acteur

from tests.base_documentaire.conftest import make_notice
from tests.ressources.conftest import RELATED_PER_SOURCE, populate_related

from .conftest import at, make_event


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def listed_titles(response):
    return [link.get_text(strip=True) for link in soup(response).select(".event-list h3 a")]


@pytest.fixture
def events(index, vocabulary):
    v = vocabulary
    return {
        "formation": make_event(index, "Formation politique de la ville", kind="formation",
                                seances=[(at(12, 9), at(12, 17)), (at(13, 9), at(13, 17))],
                                themes=[v["sante"]], territoires=[v["montpellier"]]),
        "webinaire": make_event(index, "Webinaire émancipation au féminin", kind="webinaire", format="distance",
                                seances=[(at(3, 10), at(3, 12))], themes=[v["emploi"]],
                                territoires=[v["bretagne"]]),
        "passe": make_event(index, "Webinaire culture et QPV", kind="webinaire",
                            seances=[(at(-40, 14), at(-40, 16))], themes=[v["cohesion"]],
                            territoires=[v["occitanie"]]),
        "partenaires": make_event(index, "Rencontre des tiers-lieux", kind="rencontre", autre_manifestation=True,
                                  seances=[(at(30, 9), at(30, 17))]),
        "brouillon": make_event(index, "Brouillon de journée", publish=False),
    }


def test_index_lists_upcoming_events_soonest_first_within_query_budget(client, index, events,
                                                                       django_assert_max_num_queries):
    for number in range(8):
        make_event(index, f"Atelier {number}", kind="atelier", seances=[(at(40 + number), at(40 + number, 12))])
    with django_assert_max_num_queries(25):
        response = client.get(index.url)
    assert response.status_code == 200
    titles = listed_titles(response)
    assert titles[:3] == ["Webinaire émancipation au féminin", "Formation politique de la ville",
                          "Rencontre des tiers-lieux"]
    assert "Webinaire culture et QPV" not in titles and "Brouillon de journée" not in titles
    assert "11 événements à venir" in soup(response).find(attrs={"role": "status"}).get_text()


def test_past_tab_lists_past_events_most_recent_first(client, index, events):
    make_event(index, "Journée plus ancienne", seances=[(at(-400), at(-400, 17))])
    response = client.get(index.url, {"periode": "passes"})
    assert listed_titles(response) == ["Webinaire culture et QPV", "Journée plus ancienne"]


def test_event_in_progress_stays_upcoming_until_its_last_session_ends(client, index):
    make_event(index, "Cycle de formation en cours", seances=[(at(-7), at(-7, 12)), (at(7), at(7, 12))])
    assert listed_titles(client.get(index.url)) == ["Cycle de formation en cours"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"theme": "Cohésion sociale"}, ["Formation politique de la ville"]),  # a broad theme includes Santé
    ({"territoire": "Occitanie", "periode": "passes"}, ["Webinaire culture et QPV"]),
    ({"territoire": "Hérault"}, ["Formation politique de la ville"]),  # a département includes its communes
    ({"type": "webinaire"}, ["Webinaire émancipation au féminin"]),
    ({"type": ["webinaire", "formation"]}, ["Webinaire émancipation au féminin", "Formation politique de la ville"]),
    ({"origine": "autres"}, ["Rencontre des tiers-lieux"]),
    ({"origine": "centre"}, ["Webinaire émancipation au féminin", "Formation politique de la ville"]),
])
def test_filters_return_the_right_events(client, index, events, params, expected):
    response = client.get(index.url, params)
    assert response.status_code == 200
    assert listed_titles(response) == expected


def test_month_filter_keeps_events_happening_that_month(client, index, events):
    month = events["passe"].date_debut.astimezone().strftime("%Y-%m")
    response = client.get(index.url, {"mois": month, "periode": "passes"})
    assert listed_titles(response) == ["Webinaire culture et QPV"]
    spanning = make_event(index, "Résidence sur deux mois", seances=[(at(-40, 9), at(-40, 12)), (at(-5), at(-5, 12))])
    later_month = spanning.date_fin.astimezone().strftime("%Y-%m")
    if later_month != month:
        assert "Résidence sur deux mois" in listed_titles(client.get(index.url, {"mois": later_month,
                                                                                 "periode": "passes"}))


def test_invalid_filter_answers_400_with_a_french_message_and_keeps_the_other_choices(client, index, events):
    response = client.get(index.url, {"mois": "2099-13", "type": "webinaire"})
    assert response.status_code == 400
    alert = soup(response).find(attrs={"role": "alert"}).get_text()
    assert "Mois" in alert and "Sélectionnez un choix valide" in alert
    assert soup(response).find("input", {"name": "type", "value": "webinaire"}).has_attr("checked")


def test_event_page_shows_sessions_place_actors_and_vocabulary_within_query_budget(
        client, index, vocabulary, contributeurs, documentary_page, django_assert_max_num_queries):
    notices = {"egalite": make_notice("Égalité femmes-hommes : guide méthodologique", annee=2021,
                                      contributeur=contributeurs["vto"]),
               "brouillon": make_notice("Brouillon non publié", publish=False, contributeur=contributeurs["vto"])}
    vto = Acteur.objects.create(nom="Villes et Territoires Occitanie", type_acteur="centre_ressources")
    drac = Acteur.objects.create(nom="DRAC Occitanie", type_acteur="etat")
    event = make_event(index, "Favoriser l'accès des habitants des QPV à l'offre culturelle", kind="webinaire",
                       seances=[(at(-30, 14), at(-30, 16, 30))], lieu="Salle des fêtes",
                       adresse="1 place de la Comédie\nMontpellier", public_vise="Chef·fes de projet",
                       intervenants="Une chargée de mission, DRAC\nUn directeur de musée",
                       organisateurs=[vto], partenaires=[drac], themes=[vocabulary["cohesion"]],
                       territoires=[vocabulary["occitanie"]], notices=[notices["egalite"], notices["brouillon"]],
                       compte_rendu="<p>Synthèse des échanges.</p>", replay="https://video.example.org/replay")
    populate_related(index.get_parent(), [vocabulary["sante"]], [vocabulary["montpellier"]])
    # the "related content" lists: one query per source for both the theme and the territory lists
    with django_assert_max_num_queries(42):
        response = client.get(event.url)
    assert response.status_code == 200
    page = soup(response)
    related = {block["aria-label"]: len(block.select("ul a")) for block in page.select(".related-list")}
    assert {"Agenda", "Publications", "Actualités", "Acteurs", "Base documentaire"} <= set(related)
    assert related["Agenda"] == related["Publications"] == RELATED_PER_SOURCE
    assert page.h1.get_text() == "Favoriser l'accès des habitants des QPV à l'offre culturelle"
    facts = page.select_one(".event-facts").get_text(" ", strip=True)
    assert "14:00–16:30" in facts and "Salle des fêtes" in facts
    assert "Villes et Territoires Occitanie" in facts and "DRAC Occitanie" in facts
    after = page.select_one(".event-after")
    assert "Synthèse des échanges." in after.get_text()
    assert after.find("a", href="https://video.example.org/replay")
    notice_links = [link.get_text() for link in after.select("li a")]
    assert notice_links == ["Égalité femmes-hommes : guide méthodologique"]  # the draft notice is not shown
    assert page.find("a", href=f"{event.url}ical/")


def test_event_page_queries_do_not_grow_with_its_related_items(client, index, vocabulary, documentary_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = make_event(index, "Rencontre santé et quartiers", themes=[vocabulary["sante"]],
                       territoires=[vocabulary["montpellier"]])

    def count():
        client.get(event.url)  # warm the per-process caches (site root paths, settings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(event.url).status_code == 200
        return len(queries)

    populate_related(index.get_parent(), [vocabulary["sante"]], [vocabulary["montpellier"]], count=1, label="a")
    one_each = count()
    populate_related(index.get_parent(), [vocabulary["cohesion"]], [vocabulary["herault"]], count=4, label="b")
    populate_related(index.get_parent(), [vocabulary["sante"]], [vocabulary["montpellier"]], count=4, label="c")
    assert count() == one_each


def test_event_title_and_fields_are_escaped(client, index):
    event = make_event(index, "<script>alert(1)</script>", lieu="<b>Salle</b>")
    html = client.get(event.url).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>Salle</b>" not in html


def test_cycle_page_lists_its_events_within_query_budget(client, index, django_assert_max_num_queries):
    cycle = CyclePage(title="Quartiers en transitions #2", chapo="La deuxième saison.")
    index.add_child(instance=cycle)
    cycle.save_revision().publish()
    make_event(cycle, "Quartiers en transitions #2 : la démocratie", seances=[(at(60), at(60, 12))])
    make_event(cycle, "Quartiers en transitions #2 : les mobilités", seances=[(at(20), at(20, 12))])
    with django_assert_max_num_queries(22):
        response = client.get(cycle.url)
    assert response.status_code == 200
    assert listed_titles(response) == ["Quartiers en transitions #2 : les mobilités",
                                       "Quartiers en transitions #2 : la démocratie"]
    # the cycle's events are in the agenda too, and link back to their cycle
    assert "Quartiers en transitions #2 : les mobilités" in listed_titles(client.get(index.url))
    event_page = soup(client.get(cycle.get_children().first().url))
    assert event_page.find("a", string="Quartiers en transitions #2")


def test_first_session_gives_the_event_its_dates(index):
    event = make_event(index, "Journées", seances=[(at(20, 9), at(20, 17)), (at(5, 9), at(5, 17))])
    assert event.date_debut == at(5, 9) and event.date_fin == at(20, 17)
    assert [seance.debut for seance in event.sorted_seances()] == [at(5, 9), at(20, 9)]


def test_all_day_session_ends_at_the_end_of_its_last_day(index):
    event = make_event(index, "Journée d'échanges", seances=[Seance(debut=at(4, 9), journee_entiere=True)])
    assert event.date_fin == at(5, 0)
