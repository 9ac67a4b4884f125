"""Bad input gets a 400 (or 413, 415) with field-by-field French messages, and changes nothing."""
import io

import pytest

from base_documentaire.models import Notice
from reseau.api.errors import PayloadTooLarge
from reseau.api.parsers import LimitedJSONParser

from .conftest import BASE, NOTICE


def errors_of(response, expected_status=400):
    assert response.status_code == expected_status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["errors"]


def test_import_rules_give_one_french_message_per_field(api, vocabulary):
    # An undeclared type ("Roman-photo") is no error: it is kept as written, as a candidate term.
    errors = errors_of(api.post("notices/", {**NOTICE, "titre": "  ", "annee": "vers 20x3", "type": "Roman-photo",
                                            "auteurs": [{"nom": "x" * 300}]}))
    assert errors == {
        "titre": ["Titre manquant."],
        "annee": ["Année invalide « vers 20x3 »."],
        "auteurs": [f"Nom d'auteur trop long : « {'x' * 40}… »."],
    }
    assert not Notice.objects.exists()


def test_year_out_of_range_and_too_long_fields(api, vocabulary):
    errors = errors_of(api.post("notices/", {"titre": "t" * 501, "annee": 1492, "isbn": "9" * 30}))
    assert errors["annee"] == ["Année 1492 hors limites (1800–2100)."]
    assert errors["titre"] == ["« titre » est trop long (501 caractères, 500 au plus)."]
    assert list(errors) == ["titre", "annee", "isbn"]


def test_wrong_json_shapes(api, vocabulary):
    errors = errors_of(api.post("notices/", {"titre": 12, "themes": "Santé", "annee": [2020], "auteurs": [3],
                                            "couleur": "bleu", "id": 5}))
    assert errors == {
        "titre": ["Doit être une chaîne de caractères."],
        "themes": ["Doit être une liste de chaînes de caractères."],
        "annee": ["Doit être une année (un nombre entier)."],
        "auteurs": ["Chaque auteur est un nom ou un objet {\"nom\", \"nature\", \"role\"}."],
        "couleur": ["Champ inconnu."],
        "id": ["Doit être une chaîne de caractères."],
    }


@pytest.mark.parametrize("external_id, message", [
    ("a/b", "L'identifiant ne peut pas contenir « / » (il fait partie de l'adresse de la notice)."),
    ("x" * 256, "L'identifiant est trop long (au plus 255 caractères)."),
    ("   ", "L'identifiant ne peut pas être vide."),
])
def test_bad_identifiers(api, vocabulary, external_id, message):
    assert errors_of(api.post("notices/", {"titre": "T", "id": external_id})) == {"id": [message]}


def test_identifier_cannot_change(api, vocabulary):
    api.post("notices/", NOTICE)
    assert errors_of(api.patch("notices/pmb-1001/", {"id": "autre"})) == {
        "id": ["L'identifiant d'une notice ne peut pas être modifié."]}


def test_patch_is_checked_like_a_create_and_changes_nothing_when_refused(api, vocabulary):
    api.post("notices/", NOTICE)
    assert "titre" in errors_of(api.patch("notices/pmb-1001/", {"titre": "", "resume": "Nouveau"}))
    assert api.get("notices/pmb-1001/").json()["resume"] == NOTICE["resume"]


def test_invalid_links_and_languages_are_warnings_as_in_the_import(api, vocabulary):
    response = api.post("notices/", {"titre": "T", "urls": ["pas une url", "www.example.org"], "langue": "klingon"})
    assert response.status_code == 201
    data = response.json()
    assert data["urls"] == ["https://www.example.org"] and data["langue"] == "und"
    assert "Lien invalide ignoré : « pas une url »." in data["avertissements"]
    assert any("klingon" in warning for warning in data["avertissements"])


def test_malformed_json(api):
    errors = errors_of(api.post("notices/", '{"titre": "T",', content_type="application/json"))
    assert errors["non_field_errors"][0].startswith("JSON mal formé")


def test_body_that_is_not_an_object(api):
    assert errors_of(api.post("notices/", [1, 2])) == {
        "non_field_errors": ["Le corps de la requête doit être un objet JSON."]}


def test_body_that_is_not_utf8(api):
    errors = errors_of(api.post("notices/", '{"titre": "Été"}'.encode("latin-1"), content_type="application/json"))
    assert errors == {"non_field_errors": ["Le corps de la requête n'est pas du texte UTF-8."]}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_wrong_content_type_is_a_415(api, content_type):
    errors = errors_of(api.post("notices/", "titre=T", content_type=content_type), 415)
    assert errors["non_field_errors"][0].startswith("Type de contenu non pris en charge")


def test_enormous_body_is_a_413_before_anything_is_read(api, settings):
    settings.PARTNER_API_MAX_JSON_BYTES = 10_000
    body = {"titre": "T", "resume": "é" * 20_000}
    errors = errors_of(api.post("notices/", body), 413)
    assert errors["non_field_errors"] == ["Corps de requête trop volumineux (au plus 10,000 octets)."]
    assert not Notice.objects.exists()


def test_enormous_body_without_content_length_is_cut_by_the_parser(settings):
    """Chunked bodies carry no Content-Length: the parser reads at most the limit plus one byte."""
    settings.PARTNER_API_MAX_JSON_BYTES = 1000
    body = io.BytesIO(b'{"titre": "' + b"x" * 5000 + b'"}')
    with pytest.raises(PayloadTooLarge):
        LimitedJSONParser().parse(body)
    assert body.tell() == 1001


def test_html_and_script_are_stored_as_text_and_escaped_on_the_public_page(
        api, partner, vocabulary, documentary_page, client, admin_user):
    titre = '<script>alert("x")</script><b>Gras</b>'
    response = api.post("notices/", {"id": "xss", "titre": titre, "resume": '<img src=x onerror="alert(1)">'})
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json" and response["X-Content-Type-Options"] == "nosniff"
    assert api.get("notices/xss/").json()["titre"] == titre
    notice = Notice.objects.get(external_id="xss")
    notice.get_latest_revision().publish(user=admin_user)
    page = client.get(notice.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html and 'onerror="alert(1)"' not in html
    assert "&lt;script&gt;alert" in html


def test_unknown_method_is_a_405_in_french(api):
    errors = errors_of(api.client.delete(BASE + "notices/", **api.headers()), 405)
    assert errors == {"non_field_errors": ["Méthode non autorisée à cette adresse."]}
