"""Readers' accounts and their space: a documentary page with published notices, readers, a team account."""
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core.cache import cache
from wagtail.models import Page

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.models import BaseDocumentairePage, Theme
from search.engines import get_engine
from tests.base_documentaire.conftest import make_notice

PASSWORD = "Lecture-attentive-2026"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts in the default cache, which outlives each test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def documentary_page(db):
    home = Page.objects.get(depth=1).get_children().first()
    page = home.add_child(instance=BaseDocumentairePage(title="Base documentaire", slug="base-documentaire"))
    page.save_revision().publish()
    return page


@pytest.fixture
def notices(db, documentary_page):
    """Three published notices on the embedded engine (index emptied before and after)."""
    engine = get_engine()
    engine.drop(notice_schema())
    logement = Theme.objects.create(nom="Logement")
    created = {
        "logement": make_notice("Le logement social dans les quartiers", themes=[logement], annee=2021,
                                type_document="guide", resume="Un guide sur le logement social."),
        "sante": make_notice("Santé mentale et précarité", annee=2019, type_document="dossier"),
        "emploi": make_notice("L'emploi des jeunes des quartiers", themes=[logement], annee=2020,
                              type_document="actes"),
    }
    indexing.sync(refresh=True)
    yield created
    engine.drop(notice_schema())


def make_reader(email="lectrice@example.org", password=PASSWORD, verified=True):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=email.split("@")[0], email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def reader(db):
    return make_reader()


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def editor(db):
    """A documentalist: reaches the admin through the access_admin permission, signs in with a user name."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="documentaliste", email="doc@example.org",
                                                password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user
