"""A partner's system is known by its key; anything else is a 401 with a French message."""
import pytest
from django.utils import timezone

from reseau.api.models import JetonApi, hash_key

from .conftest import BASE


def errors_of(response):
    return response.json()["errors"]["non_field_errors"]


def test_no_header_is_a_401_asking_for_the_key(client, db):
    response = client.get(BASE + "notices/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in errors_of(response)[0]
    assert "Authentification requise" in errors_of(response)[0]


@pytest.mark.parametrize("header", ["Bearer crpv_inconnue", "Bearer", "Basic dXNlcjpwYXNz", "Bearer a b"])
def test_wrong_or_malformed_key_is_a_401(client, partner, header):
    response = client.get(BASE + "notices/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    malformed = "En-tête Authorization mal formé : « Authorization: Bearer <votre clé> » attendu."
    assert errors_of(response)[0] in ("Clé d'API invalide ou révoquée.", malformed)


@pytest.mark.parametrize("scheme", ["Bearer", "Token", "bearer"])
def test_the_key_works_with_bearer_or_token(client, partner, scheme):
    response = client.get(BASE + "notices/", HTTP_AUTHORIZATION=f"{scheme} {partner[1]}")
    assert response.status_code == 200


def test_revoked_token_is_refused(client, partner):
    jeton, key = partner
    jeton.revoke()
    response = client.get(BASE + "notices/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401 and errors_of(response) == ["Clé d'API invalide ou révoquée."]


def test_token_of_a_deactivated_user_is_refused(client, partner):
    jeton, key = partner
    jeton.user.is_active = False
    jeton.user.save()
    assert client.get(BASE + "notices/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_only_a_hash_of_the_key_is_stored_and_use_is_recorded(client, partner):
    jeton, key = partner
    stored = JetonApi.objects.get(pk=jeton.pk)
    assert stored.key_hash == hash_key(key) and key not in stored.key_hash and stored.key_prefix == key[:11]
    assert stored.last_used_at is None
    client.get(BASE + "notices/", HTTP_AUTHORIZATION=f"Bearer {key}")
    stored.refresh_from_db()
    assert (timezone.now() - stored.last_used_at).total_seconds() < 60


def test_write_without_a_key_is_refused_before_reading_the_body(client, db):
    response = client.post(BASE + "notices/", "{not json", content_type="application/json")
    assert response.status_code == 401


def test_session_of_a_logged_in_admin_is_not_enough(admin_client):
    assert admin_client.get(BASE + "notices/").status_code == 401
