"""An acteur's page lists its events, publications and notices; acteurs are a related-content source."""
import pytest
from bs4 import BeautifulSoup

from ressources.annuaire import queries
from ressources.annuaire.source import ACTEURS
from ressources.related import related_content, sources
from tests.base_documentaire.conftest import make_notice



def section_titles(response, section_id):
    heading = BeautifulSoup(response.content, "html.parser").find(id=section_id)
    return [link.get_text(strip=True) for link in heading.find_parent("section").select("li a")] if heading else []


@pytest.fixture
def acteur_notices(acteurs, contributeurs):
    return {
        "by_name": make_notice("Guide de l'égalité femmes-hommes", annee=2021,
                               auteurs=["villes et territoires occitanie"]),
        "by_acronym": make_notice("Santé mentale dans les quartiers", annee=2019, auteurs=["VTO"]),
        "catalogued": make_notice("Actes de la rencontre régionale", annee=2023, contributeur=contributeurs["vto"]),
        "unpublished": make_notice("Brouillon", annee=2024, auteurs=["VTO"], publish=False),
        "other": make_notice("Emploi des jeunes", annee=2022, auteurs=["RésO Villes"]),
    }


def test_acteur_page_lists_its_notices_newest_first(client, directory, documentary_page, acteurs, acteur_notices):
    response = client.get(acteurs["vto"].get_absolute_url())
    assert section_titles(response, "notices-title") == [
        "Actes de la rencontre régionale", "Guide de l'égalité femmes-hommes", "Santé mentale dans les quartiers"]


def test_person_authors_with_the_same_name_are_not_the_organisation(acteurs, documentary_page):
    notice = make_notice("Un livre", annee=2020)
    notice.auteurs.create(nom="VTO", nature="personne")
    assert list(queries.notices_for_acteur(acteurs["vto"])) == []


def test_acteur_page_lists_its_events_and_publications(client, directory, documentary_page, acteurs):
    from tests.ressources.agenda.conftest import make_event
    from tests.ressources.publications.conftest import make_publication
    from ressources.agenda.models import AgendaIndexPage
    from ressources.publications.models import PublicationAuteur, PublicationsIndexPage

    home = directory.get_parent()
    agenda = home.add_child(instance=AgendaIndexPage(title="Agenda", slug="agenda"))
    agenda.save_revision().publish()
    make_event(agenda, "Rencontre régionale des conseils citoyens", organisateurs=[acteurs["vto"]])
    make_event(agenda, "Webinaire d'un autre", organisateurs=[acteurs["resovilles"]])
    make_event(agenda, "Brouillon d'événement", organisateurs=[acteurs["vto"]], publish=False)
    publications = home.add_child(instance=PublicationsIndexPage(title="Publications", slug="publications"))
    publications.save_revision().publish()
    make_publication(publications, "Les cahiers de VTO", auteurs=[PublicationAuteur(acteur=acteurs["vto"])])
    response = client.get(acteurs["vto"].get_absolute_url())
    assert section_titles(response, "events-title") == ["Rencontre régionale des conseils citoyens"]
    assert section_titles(response, "publications-title") == ["Les cahiers de VTO"]


def test_linked_lists_are_empty_when_an_app_is_missing(acteurs, monkeypatch):
    monkeypatch.setattr(queries.apps, "is_installed", lambda name: False)
    assert queries.events_for(acteurs["vto"]) == queries.Linked([], 0)
    assert queries.publications_for(acteurs["vto"]) == queries.Linked([], 0)


def test_linked_lists_are_empty_when_a_query_is_missing(acteurs, monkeypatch):
    def missing(name):
        raise ImportError(name)

    monkeypatch.setattr(queries, "import_module", missing)
    assert queries.events_for(acteurs["vto"]) == queries.Linked([], 0)


def test_acteur_page_within_query_budget_with_everything_linked(client, directory, documentary_page, acteurs,
                                                                acteur_notices, django_assert_max_num_queries):
    for number in range(25):
        make_notice(f"Dossier {number}", annee=2000 + number, auteurs=["VTO"])
    with django_assert_max_num_queries(25):
        response = client.get(acteurs["vto"].get_absolute_url())
    assert len(section_titles(response, "notices-title")) == 20  # the 20 newest…
    assert "?contributeur=Villes%20et%20Territoires%20Occitanie" in response.content.decode()  # …and a link to all


def test_acteurs_are_a_registered_related_source(directory, acteurs, vocabulary):
    assert ACTEURS in sources()
    lists = related_content(theme_ids=[vocabulary["cohesion"].pk], only={"acteurs"})
    assert [item.title for item in lists[0].items] == ["Ville de Montpellier", "Villes et Territoires Occitanie (VTO)"]
    assert lists[0].items[1].url == "/annuaire/vto/"
    assert lists[0].see_all_url == "/annuaire/?theme=Coh%C3%A9sion+sociale"


def test_related_source_is_empty_without_a_directory_page(db, vocabulary, acteurs):
    assert ACTEURS.find(None, {vocabulary["bretagne"].pk}, 5, None) == ([], 0)  # no directory page yet


def test_related_source_excludes_the_acteur_itself(directory, vocabulary, acteurs):
    items, total = ACTEURS.find(None, {vocabulary["montpellier"].pk}, 5, acteurs["montpellier"])
    assert [item.title for item in items] == ["Conseil citoyen du quartier Mosson"] and total == 1

