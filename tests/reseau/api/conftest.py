"""Partners with tokens, a JSON client speaking as one of them, and the documentary base's fixtures."""
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test.client import BOUNDARY, encode_multipart

from reseau.api.models import JetonApi
from tests.base_documentaire.conftest import (  # noqa: F401
    contributeurs,
    documentary_page,
    make_notice,
    notices,
    search_index,
    vocabulary,
)

BASE = "/api/v1/partenaires/"


class PartnerClient:
    """The Django test client with a partner's key in every request."""

    def __init__(self, client, key):
        self.client, self.key = client, key
        self.sent = b""  # the last body sent (the views read it as a stream: tests need a copy)

    def headers(self, extra=None):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}", **(extra or {})}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, **self.headers())

    def send(self, method, path, data=None, content_type="application/json", **extra):
        body = json.dumps(data) if content_type == "application/json" and not isinstance(data, (str, bytes)) else data
        self.sent = body.encode("utf-8") if isinstance(body, str) else (body or b"")
        return getattr(self.client, method)(BASE + path, body, content_type=content_type, **self.headers(extra))

    def post(self, path, data=None, **kwargs):
        return self.send("post", path, data, **kwargs)

    def put(self, path, data=None, **kwargs):
        return self.send("put", path, data, **kwargs)

    def patch(self, path, data=None, **kwargs):
        return self.send("patch", path, data, **kwargs)

    def delete(self, path):
        return self.client.delete(BASE + path, **self.headers())

    def upload(self, path, files, **fields):
        self.sent = encode_multipart(BOUNDARY, {**files, **fields})
        return self.client.post(BASE + path, self.sent, content_type=f"multipart/form-data; boundary={BOUNDARY}",
                                **self.headers())


def make_partner(contributeur, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x", first_name=username)
    jeton = JetonApi(nom="Export PMB", contributeur=contributeur, user=user)
    key = jeton.generate_key()
    jeton.save()
    return jeton, key


@pytest.fixture
def partner(db, contributeurs):  # noqa: F811
    jeton, key = make_partner(contributeurs["vto"], "vto-api")
    return jeton, key


@pytest.fixture
def api(client, partner):
    return PartnerClient(client, partner[1])


@pytest.fixture
def other_api(contributeurs):  # noqa: F811
    from django.test import Client

    _jeton, key = make_partner(contributeurs["resovilles"], "resovilles-api")
    return PartnerClient(Client(), key)


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("documentaliste", "doc@example.org", "x", first_name="Camille",
                                                last_name="Documentaliste", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    # The documentalist's rights on notices (the group's set-up belongs to reseau.contribution).
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="base_documentaire", codename__in=["change_notice", "publish_notice"]))
    return user


NOTICE = {
    "id": "pmb-1001", "titre": "Santé mentale dans les quartiers prioritaires", "resume": "Actes du séminaire.",
    "type": "Actes", "auteurs": ["Dupont, Marie", "Villes et Territoires Occitanie"], "annee": 2023,
    "themes": ["sante", "QPV"], "territoires": ["montpellier (34)"], "langue": "fre",
    "sous_titre": "Journée régionale", "editeur": "VTO", "isbn": "978-2-1234-5680-3",
    "mots_cles": ["CLSM", "précarité"], "urls": ["https://example.org/actes.pdf"],
}
