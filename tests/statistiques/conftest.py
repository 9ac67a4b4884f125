"""Fixtures of the search statistics: the documentary base's notices and page (tests/base_documentaire),
a documentalist (the "Moderators" group) and a partner centre's account."""
import pytest
from django.contrib.auth.models import Group

from tests.base_documentaire.conftest import (contributeurs, documentary_page, embedded_index,  # noqa: F401
                                              notices, search_index, vocabulary)

URL = "/base-documentaire/"
ADMIN = "/admin/statistiques-de-recherche/"


@pytest.fixture
def page(documentary_page, notices):  # noqa: F811
    return documentary_page


@pytest.fixture
def documentalist(db, django_user_model):
    user = django_user_model.objects.create_user("doc", "doc@example.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def partner(db, django_user_model, contributeurs):  # noqa: F811
    from reseau.contribution.models import ComptePartenaire

    user = django_user_model.objects.create_user("partenaire", "p@example.org", "pw")
    ComptePartenaire.objects.create(user=user, contributeur=contributeurs["resovilles"])
    return user
