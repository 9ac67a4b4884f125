"""The partner API bounds the work of one request: every list of a notice has a limit (a French 400
naming the field and the limit, nothing written), JSON nesting is checked before parsing, the body
size is limited, page numbers stay within the database's integers. Run on PostgreSQL by
scripts/test.sh (a page beyond 64 bits reached its OFFSET: a 500)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base_documentaire.models import Notice
from reseau.api.parsers import MAX_JSON_DEPTH, nested_too_deep
from reseau.api.schemas import LIST_LIMITS
from reseau.api.views_constants import MAX_PAGE
from tests.reseau.api.conftest import NOTICE, api, partner  # noqa: F401
from tests.base_documentaire.conftest import contributeurs, vocabulary  # noqa: F401


def errors_of(response, expected_status=400):
    assert response.status_code == expected_status, response.content[:500]
    return response.json()["errors"]


def values(field, count):
    if field == "urls":
        return [f"https://example.org/{number}" for number in range(count)]
    if field == "auteurs":
        return [f"Auteur{number}, Prénom" for number in range(count)]
    return [f"valeur {number}" for number in range(count)]


@pytest.mark.parametrize("field", sorted(LIST_LIMITS))
def test_each_list_beyond_its_limit_is_a_400_naming_the_field_and_the_limit(api, vocabulary, field):
    limit = LIST_LIMITS[field]
    errors = errors_of(api.post("notices/", {**NOTICE, field: values(field, limit + 1)}))
    assert errors == {field: [f"Trop de valeurs dans « {field} » : {limit + 1} envoyées, {limit} au plus."]}
    assert not Notice.objects.exists()


def test_the_issues_body_of_5000_keywords_and_5000_authors_is_refused_before_any_work(api, vocabulary):
    body = {**NOTICE, "mots_cles": values("mots_cles", 5000), "auteurs": values("auteurs", 5000)}
    with CaptureQueriesContext(connection) as queries:
        errors = errors_of(api.post("notices/", body))
    assert set(errors) == {"mots_cles", "auteurs"}
    assert len(queries) <= 3  # the token (and its last use): nothing of the notice read or written
    assert not Notice.objects.exists()


def test_a_patch_is_bounded_too_and_changes_nothing(api, vocabulary):
    assert api.post("notices/", NOTICE).status_code == 201
    errors = errors_of(api.patch("notices/pmb-1001/", {"themes": values("themes", 51), "resume": "Autre"}))
    assert list(errors) == ["themes"]
    assert api.get("notices/pmb-1001/").json()["resume"] == NOTICE["resume"]


def test_lists_at_their_limits_are_accepted(api, vocabulary):
    body = {**NOTICE, **{field: values(field, limit) for field, limit in LIST_LIMITS.items()
                         if field in ("mots_cles", "auteurs", "urls")}}
    response = api.post("notices/", body)
    assert response.status_code == 201, response.content[:500]
    data = response.json()
    assert len(data["mots_cles"]) == 100 and len(data["auteurs"]) == 100 and len(data["urls"]) == 20


def test_the_cost_of_a_request_grows_linearly_with_its_lists(api, vocabulary):
    """Queries per keyword and per author are constant: 50 more cost the same as the 50 before."""
    def queries_for(count, number):
        body = {**NOTICE, "id": f"lineaire-{number}", "mots_cles": [f"mot {number} {index}" for index in range(count)],
                "auteurs": [f"Auteur{number}x{index}, Prénom" for index in range(count)]}
        with CaptureQueriesContext(connection) as queries:
            assert api.post("notices/", body).status_code == 201
        return len(queries)

    queries_for(1, 0)  # caches warmed
    small, medium, large = queries_for(10, 1), queries_for(50, 2), queries_for(90, 3)
    per_item = (medium - small) / 40
    assert abs((large - medium) / 40 - per_item) <= 0.05 * per_item + 0.1


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"titre": ' + b"[" * 11 + b"]" * 11 + b"}",
                                  b"{" * 50_000])
def test_json_nested_too_deeply_is_a_french_400_before_parsing(api, body):
    errors = errors_of(api.post("notices/", body))
    assert errors == {"non_field_errors": [
        f"Le corps JSON imbrique trop de listes et d'objets ({MAX_JSON_DEPTH} niveaux au plus)."]}


def test_brackets_inside_strings_do_not_count_as_nesting(api, vocabulary):
    response = api.post("notices/", {**NOTICE, "titre": "[[[[[[[[[[[[ {{{{{{{{{{{{ \" ]]]", "resume": "\\[" * 20})
    assert response.status_code == 201, response.content[:300]
    assert not nested_too_deep(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ \\" [[[[[[[[[[[[[[["}')
    assert nested_too_deep(b"[" * (MAX_JSON_DEPTH + 1))
    assert not nested_too_deep(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)


def test_the_body_size_is_limited(api, settings):
    settings.PARTNER_API_MAX_JSON_BYTES = 2000
    errors = errors_of(api.post("notices/", {**NOTICE, "resume": "x" * 3000}), expected_status=413)
    assert errors == {"non_field_errors": ["Corps de requête trop volumineux (au plus 2,000 octets)."]}


@pytest.mark.parametrize("page", ["9" * 30, str(2**63), str(MAX_PAGE + 1), "²", "٣", "-1", "1e3"])
def test_a_page_number_beyond_its_bound_or_not_a_number_is_a_french_400(api, page):
    errors = errors_of(api.client.get("/api/v1/partenaires/notices/", {"page": page}, **api.headers()))
    assert errors == {"page": [f"Doit être un nombre entier de 1 à {MAX_PAGE}."]}


def test_the_last_allowed_page_is_an_empty_page(api, vocabulary):
    api.post("notices/", NOTICE)
    data = api.get("notices/", page=str(MAX_PAGE), page_size="100").json()
    assert data["results"] == [] and data["count"] == 1 and data["next"] is None


def test_the_openapi_description_gives_every_limit(client):
    schema = client.get("/api/v1/partenaires/openapi.json").json()
    fields = schema["components"]["schemas"]["NoticeModification"]["properties"]
    for field, limit in LIST_LIMITS.items():
        declared = next(option for option in fields[field]["anyOf"] if option.get("type") == "array")
        assert declared["maxItems"] == limit
        assert f"{limit} au plus" in fields[field]["description"]
    parameters = schema["paths"]["/notices/"]["get"]["parameters"]
    assert next(item for item in parameters if item["name"] == "page")["schema"]["maximum"] == MAX_PAGE


@pytest.mark.parametrize("field, value", [("titre", "Titre\u0000nul"), ("mots_cles", ["a\x0bb"]),
                                          ("auteurs", [{"nom": "Dupont\x01, Marie"}]), ("resume", "x\x1fy")])
def test_control_characters_in_a_notice_are_a_french_400(api, vocabulary, field, value):
    """PostgreSQL refuses NUL in text (a 500 before), XML 1.0 (OAI-PMH, RSS) the other C0 characters."""
    errors = errors_of(api.post("notices/", {**NOTICE, field: value}))
    assert errors == {field: ["Contient un caractère de contrôle : retirez-le (tabulations et retours à la ligne "
                              "sont acceptés)."]}
    assert not Notice.objects.exists()


def test_tabs_and_line_breaks_stay_allowed_in_a_notice(api, vocabulary):
    response = api.post("notices/", {**NOTICE, "resume": "Premier paragraphe.\n\n\tSecond paragraphe."})
    assert response.status_code == 201, response.content[:300]
