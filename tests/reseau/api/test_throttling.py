"""Requests are limited per token (PARTNER_API_THROTTLE_RATE): over its limit a key gets 429 with
Retry-After and a French message, as documented; other keys are not affected."""
import pytest

from .conftest import BASE
from .test_openapi import conforms, spec  # noqa: F401


@pytest.fixture
def limited(settings):
    settings.PARTNER_API_THROTTLE_RATE = "3/minute"


def test_a_token_over_its_limit_is_told_when_to_come_back(limited, api, other_api, vocabulary):
    assert [api.get("notices/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("notices/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    message = refused.json()["errors"]["non_field_errors"][0]
    assert message.startswith("Trop de requêtes pour cette clé d'API : réessayez dans ")
    assert api.post("notices/", {"titre": "Refusée"}).status_code == 429  # writes count too
    assert other_api.get("notices/").status_code == 200


def test_the_refusal_conforms_to_the_description(limited, spec, api, vocabulary):  # noqa: F811
    for _ in range(3):
        api.get("notices/pmb-absente/")
    assert conforms(spec, api.get("notices/pmb-absente/")).status_code == 429


def test_strangers_are_refused_before_being_counted(limited, client, api, vocabulary):
    assert [client.get(BASE + "notices/").status_code for _ in range(5)] == [401] * 5
    assert api.get("notices/").status_code == 200


def test_an_empty_rate_turns_throttling_off(settings, api, vocabulary):
    settings.PARTNER_API_THROTTLE_RATE = ""
    assert {api.get("notices/").status_code for _ in range(5)} == {200}


def test_every_operation_documents_the_limit(client):
    document = client.get(BASE + "openapi.json").json()
    for operations in document["paths"].values():
        for operation in operations.values():
            refused = operation["responses"]["429"]
            assert "Retry-After" in refused["headers"]
            assert refused["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Erreurs"}
