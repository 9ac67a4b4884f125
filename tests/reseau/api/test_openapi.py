"""The OpenAPI description is served, is a valid OpenAPI 3.1 document, and every real exchange of
a partner's session (successes and errors) conforms to it, checked by openapi-core."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from reseau.api import payload, representation
from tests.pdfs import pdf_bytes

from .conftest import BASE, NOTICE


@pytest.fixture
def spec(client, db):
    response = client.get(BASE + "openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return OpenAPI.from_dict(response.json())  # validates the document itself (openapi-spec-validator)


def replayed(response, body):
    """The request as the view received it, with its body readable again (the view streamed it)."""
    original = response.wsgi_request
    meta = {key: value for key, value in original.META.items() if key.startswith("HTTP_")}
    request = RequestFactory().generic(original.method, original.get_full_path(), body,
                                       content_type=original.META.get("CONTENT_TYPE", ""), **meta)
    request.resolver_match = original.resolver_match
    return request


def conforms(spec, response, body=b"", check_request=True):
    """Both halves of the exchange against the description; returns the response for chaining."""
    request = DjangoOpenAPIRequest(replayed(response, body))
    if check_request:
        spec.validate_request(request)
    spec.validate_response(request, DjangoOpenAPIResponse(response))
    return response


def test_a_partners_session_conforms_to_the_description(spec, api, vocabulary, moderator, client):
    created = conforms(spec, api.post("notices/", NOTICE), api.sent)
    assert created.status_code == 201
    assert conforms(spec, api.post("notices/", NOTICE), api.sent).status_code == 200
    assert conforms(spec, api.post("notices/", {"titre": "Sans identifiant", "annee": "2021",
                                                "auteurs": [{"nom": "Martin, Léa", "role": "coordinatrice"}],
                                                "themes": ["Inconnu"]}), api.sent).status_code == 201
    assert conforms(spec, api.get("notices/", page_size=1)).status_code == 200
    assert conforms(spec, api.get("notices/pmb-1001/")).status_code == 200
    patched = api.patch("notices/pmb-1001/", {"resume": "Nouveau résumé"})
    assert conforms(spec, patched, api.sent).status_code == 200
    assert conforms(spec, api.put("notices/pmb-1001/", {**NOTICE, "annee": None}), api.sent).status_code == 200
    assert conforms(spec, api.get("notices/pmb-1001/statut/")).status_code == 200
    upload = {"fichier": SimpleUploadedFile("rapport.pdf", pdf_bytes("Rapport"), content_type="application/pdf")}
    attached = conforms(spec, api.upload("notices/pmb-1001/fichiers/", upload, titre="Rapport"), api.sent)
    assert attached.status_code == 201

    from base_documentaire.models import Notice

    from .test_status import moderate

    moderate(Notice.objects.get(external_id="pmb-1001"), moderator, "reject", "Précisez l'éditeur.")
    commented = conforms(spec, api.get("notices/pmb-1001/statut/"))
    assert commented.json()["commentaire"]["texte"] == "Précisez l'éditeur."
    assert conforms(spec, api.delete("notices/pmb-1001/")).status_code == 204


def test_errors_conform_to_the_description(spec, api, vocabulary, client, settings):
    assert conforms(spec, api.post("notices/", {"titre": ""}), api.sent, check_request=False).status_code == 400
    assert conforms(spec, api.post("notices/", "{", content_type="application/json"), api.sent,
                    check_request=False).status_code == 400
    assert conforms(spec, api.post("notices/", "x", content_type="text/plain"), api.sent,
                    check_request=False).status_code == 415
    assert conforms(spec, api.get("notices/", page="0"), check_request=False).status_code == 400
    assert conforms(spec, api.get("notices/absente/")).status_code == 404
    assert conforms(spec, client.get(BASE + "notices/"), check_request=False).status_code == 401
    settings.PARTNER_API_MAX_JSON_BYTES = 100
    too_large = api.post("notices/", {"titre": "x" * 200})
    assert conforms(spec, too_large, api.sent, check_request=False).status_code == 413


def test_the_description_lists_exactly_the_fields_the_code_reads_and_writes(client, api, vocabulary):
    document = client.get(BASE + "openapi.json").json()
    schemas = document["components"]["schemas"]
    assert set(schemas["NoticeEcriture"]["properties"]) == set(payload.WRITABLE)
    notice = api.post("notices/", NOTICE).json()
    notice.pop("avertissements")
    assert set(schemas["Notice"]["properties"]) == set(notice)
    assert schemas["CodeStatut"]["enum"] == list(representation.Statut.ALL)
    assert set(payload.READ_ONLY) - {"avertissements"} <= set(schemas["Notice"]["properties"])


def test_the_validator_catches_a_response_that_drifts(spec, api, vocabulary):
    """The check above can fail: a response missing a documented field is refused."""
    from openapi_core.exceptions import OpenAPIError

    response = api.get("notices/")
    response.content = response.content.replace(b'"results"', b'"resultats"')
    with pytest.raises(OpenAPIError):
        conforms(spec, response)


def test_the_validator_catches_a_request_the_description_forbids(spec, api, vocabulary):
    from openapi_core.exceptions import OpenAPIError

    response = api.post("notices/", {"titre": 12})
    assert response.status_code == 400  # the API refuses it too
    with pytest.raises(OpenAPIError):
        conforms(spec, response, api.sent)
