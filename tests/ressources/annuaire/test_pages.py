"""The directory page (search, filters, pagination) and an acteur's page, each within a query budget."""
import pytest
from bs4 import BeautifulSoup
from django.utils.translation import gettext

from ressources.annuaire.forms import MAX_QUERY_LENGTH
from ressources.annuaire.models import Acteur, AnnuairePage

from .conftest import make_acteur, make_personne


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def listed(response):
    return [link.get_text(strip=True) for link in soup(response).select(".acteurs-list h3 a")]


def test_directory_lists_every_acteur_by_name_within_query_budget(client, directory, acteurs,
                                                                  django_assert_max_num_queries):
    for number in range(30):
        make_acteur(f"Association de quartier {number:02d}", type_acteur="association")
    with django_assert_max_num_queries(25):
        response = client.get(directory.url)
    assert response.status_code == 200
    names = listed(response)
    assert len(names) == 24  # first page
    assert names[:2] == ["Association de quartier 00", "Association de quartier 01"]
    last = client.get(directory.url, {"page": "2"})
    assert listed(last)[-2:] == ["Ville de Montpellier", "Villes et Territoires Occitanie"]


def test_bad_page_numbers_show_a_page_instead_of_an_error(client, directory, acteurs):
    assert client.get(directory.url, {"page": "abc"}).status_code == 200
    assert len(listed(client.get(directory.url, {"page": "999"}))) == 4


def test_filter_by_type(client, directory, acteurs):
    response = client.get(directory.url, {"type": "centre_ressources"})
    assert listed(response) == ["RésO Villes", "Villes et Territoires Occitanie"]


def test_filter_by_theme_includes_narrower_themes(client, directory, acteurs):
    # Santé is narrower than Cohésion sociale
    response = client.get(directory.url, {"theme": "Cohésion sociale"})
    assert listed(response) == ["Ville de Montpellier", "Villes et Territoires Occitanie"]


def test_filter_by_territory_includes_contained_territories(client, directory, acteurs):
    response = client.get(directory.url, {"territoire": "Occitanie"})
    assert listed(response) == ["Conseil citoyen du quartier Mosson", "Ville de Montpellier",
                                "Villes et Territoires Occitanie"]


def test_filters_combine(client, directory, acteurs):
    response = client.get(directory.url, {"territoire": "Occitanie", "type": "collectivite"})
    assert listed(response) == ["Ville de Montpellier"]


@pytest.mark.parametrize("query, expected", [
    ("VTO", ["Villes et Territoires Occitanie"]),  # acronym
    ("montpellier", ["Ville de Montpellier"]),  # name, any case
    ("contrat de ville", ["Ville de Montpellier"]),  # every word, in the description
    ("Bretagne ressources", ["RésO Villes"]),
    ("introuvable", []),
])
def test_search_over_name_acronym_and_description(client, directory, acteurs, query, expected):
    response = client.get(directory.url, {"q": query})
    assert response.status_code == 200
    assert listed(response) == expected


def test_search_and_filters_combine(client, directory, acteurs):
    response = client.get(directory.url, {"q": "ville", "type": "centre_ressources"})
    assert listed(response) == ["RésO Villes", "Villes et Territoires Occitanie"]


@pytest.mark.parametrize("query", ['"((( OR', "') OR 1=1 --", "%", "_", "*", "\\", "AND NOT", "NEAR(", "\x00"])
def test_bad_search_input_answers_without_error(client, directory, acteurs, query):
    response = client.get(directory.url, {"q": query})
    assert response.status_code in (200, 400)
    if query == "\x00":  # refused for the whole site before any view (crpv_site.hostile_input)
        assert "caractère de contrôle" in soup(response).get_text()
    else:
        assert soup(response).find("h1").get_text() == "Annuaire des acteurs"


def test_operator_characters_are_ignored_not_interpreted(client, directory, acteurs):
    # only the word "OR" is searched (it is in « prioritaire »)
    assert listed(client.get(directory.url, {"q": '"((( OR'})) == listed(client.get(directory.url, {"q": "or"}))
    assert listed(client.get(directory.url, {"q": "%"})) == sorted(listed(client.get(directory.url)))


def test_too_long_search_is_refused_with_a_message(client, directory, acteurs):
    response = client.get(directory.url, {"q": "x" * (MAX_QUERY_LENGTH + 1)})
    assert response.status_code == 400
    alert = soup(response).find(attrs={"role": "alert"}).get_text()
    assert gettext("Shorten your search to %(limit_value)d characters at most.") % {
        "limit_value": MAX_QUERY_LENGTH} in alert


def test_unknown_type_is_refused_with_a_message(client, directory, acteurs):
    response = client.get(directory.url, {"type": "pirate"})
    assert response.status_code == 400
    alert = soup(response).find(attrs={"role": "alert"}).get_text()
    assert gettext("This type of actor does not exist: %(value)s.") % {"value": "pirate"} in alert


def test_only_used_types_are_offered(client, directory, acteurs):
    offered = {box["value"] for box in soup(client.get(directory.url)).select("input[name=type]")}
    assert offered == {"centre_ressources", "collectivite", "conseil_citoyen"}


def test_acteur_page_shows_contact_details_themes_and_territories_within_query_budget(
        client, directory, acteurs, documentary_page, django_assert_max_num_queries):
    acteur = acteurs["vto"]
    make_personne(acteur, "Durand", "Claire", fonction="Chargée de mission", email="cdurand@example.org")
    with django_assert_max_num_queries(27):
        response = client.get(acteur.get_absolute_url())
    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text(" ", strip=True) == "Villes et Territoires Occitanie (VTO)"
    text = page.find("article").get_text(" ", strip=True)
    for expected in ("contact@villesetterritoires.fr", "https://www.villesetterritoires.fr/", "Cohésion sociale",
                     "Occitanie", "Claire Durand", "Chargée de mission", "cdurand@example.org"):
        assert expected in text


def test_acteur_url_is_under_the_directory(directory, acteurs):
    assert acteurs["vto"].get_absolute_url() == "/annuaire/vto/"
    assert acteurs["montpellier"].get_absolute_url() == "/annuaire/ville-de-montpellier/"


def test_acteur_url_is_empty_without_a_published_directory(db, acteurs):
    assert AnnuairePage.objects.count() == 0
    assert acteurs["vto"].get_absolute_url() == ""


def test_unknown_acteur_is_a_404(client, directory):
    assert client.get(directory.url + "inconnu/").status_code == 404


def test_html_in_fields_is_escaped(client, directory, db):
    acteur = make_acteur("<script>alert('nom')</script>", sigle="<b>X</b>", type_acteur="association",
                         description="<img src=x onerror=alert(1)>", adresse="<i>rue</i>")
    make_personne(acteur, "<script>alert('personne')</script>", fonction="<em>chef</em>")
    for url in (directory.url, acteur.get_absolute_url(), directory.url + "?q=script"):
        content = client.get(url).content.decode()
        assert "<script>alert(" not in content
        assert "<img src=x" not in content and "<em>chef" not in content and "<b>X</b>" not in content
        assert "&lt;script&gt;alert(" in content


def test_search_query_is_escaped_in_the_page(client, directory, acteurs):
    content = client.get(directory.url, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in content


def test_directory_page_is_unique():
    assert AnnuairePage.max_count == 1


def test_slug_is_unique_and_built_from_acronym(db):
    first = Acteur.objects.create(nom="Agence nationale de la cohésion des territoires", sigle="ANCT")
    second = Acteur.objects.create(nom="Autre ANCT", sigle="ANCT")
    assert (first.slug, second.slug) == ("anct", "anct-2")
