"""The request form's accessibility in the HTML itself: input purposes (WCAG 1.3.5), a telephone keyboard,
a titled error summary first in the form, each error tied to its field (the browser side, focus included:
tests/browser/test_accessibility.py)."""
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()
    yield
    cache.clear()


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("name, purpose, kind", [
    ("nom", "name", "text"), ("organisation", "organization", "text"),
    ("email", "email", "email"), ("telephone", "tel", "tel"),
])
def test_fields_about_the_user_declare_their_purpose(client, request_page, name, purpose, kind):
    field = soup(client.get(request_page.url)).find("input", attrs={"name": name})
    assert field["autocomplete"] == purpose and field["type"] == kind


def test_help_texts_describe_their_field_before_any_error(client, request_page):
    html = soup(client.get(request_page.url))
    territory = html.find("input", attrs={"name": "territoire_libelle"})
    assert territory["aria-describedby"] == "id_territoire_libelle-help"
    assert html.find(id="id_territoire_libelle-help").get_text(strip=True).startswith("Commune, EPCI")
    assert not territory.has_attr("aria-invalid")
    assert html.find(id="infodoc-erreurs") is None


def test_a_failed_submission_starts_the_form_with_a_titled_summary(client, request_page, territories):
    response = client.post(request_page.url, {"nom": "Awa Diallo", "territoire_libelle": "Atlantide"})
    assert response.status_code == 400
    form = soup(response).find("form", class_="infodoc-form")
    first = [child for child in form.find_all(True, recursive=False) if child.name != "input"][0]  # after csrf
    assert first["id"] == "infodoc-erreurs"
    assert first["tabindex"] == "-1" and first["aria-labelledby"] == "infodoc-erreurs-titre"
    assert " ".join(first.find("h2").get_text().split()) == "Le formulaire comporte 6 erreurs :"
    links = {link["href"] for link in first.find_all("a")}
    assert links == {"#id_organisation", "#id_type_structure", "#id_email", "#id_territoire_libelle",
                     "#id_question", "#id_consentement"}
    assert soup(response).find("script", src=lambda src: src and src.endswith("infodoc/erreurs.js"))


@pytest.mark.parametrize("name, described_by", [
    ("organisation", "id_organisation-errors"),
    ("email", "id_email-errors"),
    ("question", "id_question-errors"),
    ("territoire_libelle", "id_territoire_libelle-help id_territoire_libelle-errors"),
    ("consentement", "id_consentement-errors"),
])
def test_each_error_is_tied_to_its_field(client, request_page, territories, name, described_by):
    html = soup(client.post(request_page.url, {"nom": "Awa Diallo", "territoire_libelle": "Atlantide"}))
    field = html.find(attrs={"name": name})
    assert field["aria-invalid"] == "true"
    assert field["aria-describedby"] == described_by
    for ident in described_by.split():
        assert html.find(id=ident).get_text(strip=True)
    assert html.find(id=f"id_{name}-errors").get_text(strip=True)


def test_a_group_of_choices_carries_its_error(client, request_page, territories):
    html = soup(client.post(request_page.url, {"nom": "Awa Diallo"}))
    group = html.find("fieldset", id="id_type_structure")
    assert group["aria-describedby"] == "id_type_structure-errors"
    assert html.find(id="id_type_structure-errors").get_text(strip=True) == "Choisissez le type de votre structure."
    assert html.find("fieldset", id="id_themes")["aria-describedby"] == "id_themes-help"


def test_a_valid_field_next_to_errors_is_not_marked_invalid(client, request_page, territories):
    html = soup(client.post(request_page.url, {"nom": "Awa Diallo", "territoire_libelle": "Atlantide"}))
    name = html.find("input", attrs={"name": "nom"})
    assert not name.has_attr("aria-invalid") and not name.has_attr("aria-describedby")
    assert name["value"] == "Awa Diallo"
