"""The search box's suggestions (GET /recherche/suggestions/?q=…): notice titles from the engine, thèmes,
territories and the directory's acteurs, grouped and labelled in French, bounded, in at most two SQL
statements, and never a 500 whatever is typed."""
import pytest
from wagtail.models import Page

from base_documentaire import search_suggestions
from base_documentaire.models import Theme
from ressources.annuaire.models import Acteur, AnnuairePage

URL = "/recherche/suggestions/"


def groups(client, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    return {group["kind"]: group for group in response.json()["groups"]}


def labels(client, text, kind):
    found = groups(client, text)
    return [option["label"] for option in found[kind]["options"]] if kind in found else []


@pytest.fixture
def directory(db):
    home = Page.objects.get(depth=1).get_children().first()
    page = home.add_child(instance=AnnuairePage(title="Annuaire", slug="annuaire"))
    page.save_revision().publish()
    Acteur.objects.create(nom="Villes et Territoires Occitanie", sigle="VTO", slug="vto")
    Acteur.objects.create(nom="Agence nationale de la cohésion des territoires", sigle="ANCT", slug="anct")
    return page


def test_themes_by_label_or_synonym_accents_and_case_ignored(client, vocabulary):
    assert labels(client, "SANTE", "theme") == ["Santé"]
    assert labels(client, "qpv", "theme") == ["Quartiers prioritaires"]
    found = groups(client, "cohés")["theme"]
    assert found["label"] == "Thèmes"
    assert found["options"] == [{"label": "Cohésion sociale", "detail": "", "params": {"theme": "Cohésion sociale"}}]


def test_territories_with_their_level_and_the_facet_they_select(client, vocabulary):
    found = groups(client, "montp")["territoire"]
    assert found["label"] == "Territoires"
    assert found["options"] == [{"label": "Montpellier (34)", "detail": "Commune",
                                 "params": {"territoire": "Montpellier (34)"}}]


def test_acteurs_by_name_or_acronym_open_their_page(client, vocabulary, directory):
    found = groups(client, "cohesion territ")
    assert found["acteur"]["label"] == "Acteurs"
    assert found["acteur"]["options"] == [{"label": "Agence nationale de la cohésion des territoires (ANCT)",
                                           "detail": "", "url": "/annuaire/anct/"}]
    assert labels(client, "vto", "acteur") == ["Villes et Territoires Occitanie (VTO)"]


def test_words_match_at_the_start_of_a_word_only(client, vocabulary):
    assert "theme" not in groups(client, "ante")  # inside "Santé": not suggested
    assert labels(client, "prior quart", "theme") == ["Quartiers prioritaires"]


def test_notice_titles_come_from_every_engine(client, notices):
    found = groups(client, "quart")
    assert found["titre"]["label"] == "Titres de notices"
    assert {"label": "L'emploi des jeunes des quartiers prioritaires", "detail": "",
            "params": {"q": "L'emploi des jeunes des quartiers prioritaires"}} in found["titre"]["options"]


def test_each_group_is_bounded(client, db):
    Theme.objects.bulk_create([Theme(nom=f"Santé {number}", slug=f"sante-{number}") for number in range(40)])
    found = groups(client, "sant")
    assert len(found["theme"]["options"]) == search_suggestions.PER_SOURCE
    assert client.get(URL, {"q": "sant"}).json()["status"] == "5 suggestions"


def test_themes_territories_and_acteurs_cost_one_statement(client, vocabulary, directory,
                                                           django_assert_num_queries):
    client.get(URL, {"q": "vto"})  # Wagtail's site root paths, cached from the first request on
    with django_assert_num_queries(1):
        found = groups(client, "occitanie")
    assert found["territoire"]["options"] and found["acteur"]["options"][0]["url"] == "/annuaire/vto/"


def test_no_published_directory_no_acteur(client, vocabulary, directory):
    directory.unpublish()
    assert "acteur" not in groups(client, "vto")


@pytest.mark.parametrize("text", ["", "a", " é ", "x" * 10000, '"((( OR', "[a-z]*+?", "\\", "%_%", "^$",
                                  "<script>alert(1)</script>", "ʕ•ᴥ•ʔ santé", "٣٤", "' OR 1=1 --"])
def test_any_text_answers_json_never_an_error(client, vocabulary, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert sum(len(group["options"]) for group in response.json()["groups"]) <= 4 * search_suggestions.PER_SOURCE


def test_short_text_queries_nothing(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(URL, {"q": "s"}).json() == {"groups": [], "status": "0 suggestion"}


def test_only_get(client, db):
    assert client.post(URL, {"q": "santé"}).status_code == 405


def test_an_engine_down_still_suggests_the_vocabularies(client, vocabulary, monkeypatch):
    def down():
        raise ConnectionError("engine down")

    monkeypatch.setattr(search_suggestions, "get_engine", down)
    assert labels(client, "santé", "theme") == ["Santé"]
