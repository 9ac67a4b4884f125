"""Partners of two centres, a documentalist (the Moderators group) and their admin clients."""
import pytest
from django.contrib.auth.models import Group
from django.test import Client

from reseau.contribution.models import ComptePartenaire
from tests.base_documentaire.conftest import (  # noqa: F401
    contributeurs,
    documentary_page,
    embedded_index,
    make_notice,
    vocabulary,
)

PASSWORD = "motdepasse-Partenaire-1"

NOTICE_FORM = {
    "type_document": "rapport", "langue": "fre",
    "auteurs-TOTAL_FORMS": "0", "auteurs-INITIAL_FORMS": "0", "fichiers-TOTAL_FORMS": "0",
    "fichiers-INITIAL_FORMS": "0", "liens-TOTAL_FORMS": "0", "liens-INITIAL_FORMS": "0",
    "exemplaires-TOTAL_FORMS": "0", "exemplaires-INITIAL_FORMS": "0",
}
ADMIN = "/admin/snippets/base_documentaire/notice/"


def notice_form(titre, **fields):
    return {**NOTICE_FORM, "titre": titre, **fields}


def make_user(django_user_model, username, **fields):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def partner(db, django_user_model, contributeurs):
    user = make_user(django_user_model, "claire", first_name="Claire", last_name="Partenaire")
    ComptePartenaire.objects.create(user=user, contributeur=contributeurs["vto"])
    return user


@pytest.fixture
def other_partner(db, django_user_model, contributeurs):
    user = make_user(django_user_model, "paul", first_name="Paul", last_name="Réso")
    ComptePartenaire.objects.create(user=user, contributeur=contributeurs["resovilles"])
    return user


@pytest.fixture
def moderator(db, django_user_model):
    user = make_user(django_user_model, "doc", first_name="Dominique", last_name="Documentaliste")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def partner_client(partner):
    return logged_in(partner)


@pytest.fixture
def other_client(other_partner):
    return logged_in(other_partner)


@pytest.fixture
def moderator_client(moderator):
    return logged_in(moderator)


@pytest.fixture
def centre_notices(db, contributeurs):
    vto, reso = contributeurs["vto"], contributeurs["resovilles"]
    return {
        "vto_live": make_notice("Santé mentale dans les quartiers", contributeur=vto, annee=2020),
        "vto_draft": make_notice("Brouillon de VTO", contributeur=vto, publish=False),
        "reso_live": make_notice("L'emploi des jeunes à Lyon", contributeur=reso, annee=2021),
        "reso_draft": make_notice("Brouillon confidentiel de RésO", contributeur=reso, publish=False),
    }

