"""The search an alert follows is stored canonically: the same search from different URLs is one search."""
import pytest
from django.http import QueryDict

from base_documentaire.search_service import InvalidSearch
from veille.alerts.searches import SavedSearch


def saved(query_string):
    return SavedSearch.from_query_string(query_string)


def test_the_same_search_from_different_urls_is_one_search():
    urls = ["q=sant%C3%A9++mentale&theme=Sant%C3%A9&territoire=Occitanie&annee_min=2019",
            "territoire=Occitanie&annee_min=2019&theme=Sant%C3%A9&q=+sant%C3%A9+mentale+&tri=date&page=3",
            "theme=Sant%C3%A9&theme=Sant%C3%A9&q=sant%C3%A9%20mentale&territoire=Occitanie&annee_min=2019&page_size=50"]
    forms = {saved(url).query_string() for url in urls}
    assert forms == {"q=sant%C3%A9+mentale&theme=Sant%C3%A9&territoire=Occitanie&annee_min=2019"}
    assert len({saved(url).key() for url in urls}) == 1


def test_values_are_sorted_and_case_or_accents_of_the_words_do_not_make_another_search():
    assert saved("theme=b&theme=a").query_string() == "theme=a&theme=b"
    assert saved("q=Santé Mentale").key() == saved("q=sante mentale").key()
    assert saved("q=santé").key() != saved("q=santé&annee_max=2020").key()
    assert saved("theme=Santé").key() != saved("territoire=Santé").key()


def test_an_empty_search_follows_every_notice():
    search = saved("tri=titre&page=2")
    assert search.query_string() == "" and search.words() == "toutes les notices de la base documentaire"


def test_the_search_in_words_names_each_criterion_in_french():
    search = saved("q=logement&theme=Santé&theme=Culture&annee_min=2019&annee_max=2024&disponibilite=En+ligne")
    assert search.words() == ("« logement » ; Thème : Culture, Santé ; Disponibilité : En ligne ; "
                              "Années : 2019 à 2024")
    assert saved("annee_min=2019").words() == "Années : à partir de 2019"


def test_the_results_link_sorts_newest_first():
    assert saved("q=logement&tri=titre").results_query_string() == "q=logement&tri=date"


@pytest.mark.parametrize("query_string, parameter, message", [
    ("annee_min=deux-mille", "annee_min", "Doit être un nombre entier."),
    ("annee_min=2024&annee_max=2019", "annee_max", "L'année de fin ne peut pas précéder l'année de début."),
    ("q=" + "x" * 501, "q", "Le texte recherché est trop long (500 caractères au plus)."),
    ("&".join(f"theme=t{n}" for n in range(51)), "theme", "Trop de valeurs sélectionnées (50 au plus)."),
])
def test_a_bad_search_is_refused_with_the_search_pages_own_messages(query_string, parameter, message):
    with pytest.raises(InvalidSearch) as refused:
        SavedSearch.from_params(QueryDict(query_string))
    assert refused.value.errors == {parameter: message}


def test_parameters_that_do_not_select_notices_are_ignored_even_when_wrong():
    assert saved("q=emploi&tri=nimporte&page=-1&page_size=0&inconnu=1").query_string() == "q=emploi"
