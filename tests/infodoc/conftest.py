"""Fixtures of the info-doc service: the seed's territories, the team, pages, requests."""
import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Page, Site

from infodoc import seed_figures
from infodoc.models import DemandeInfoDoc, DemandeInfoDocPage, InfoDocSettings, QuestionsReponsesPage


@pytest.fixture
def territories(db):
    return seed_figures.ensure_territories()


@pytest.fixture
def home(db):
    return Page.objects.get(depth=1).get_children().first()


@pytest.fixture
def request_page(home):
    page = home.add_child(instance=DemandeInfoDocPage(title="Service info-doc", slug="demande-info-doc",
                                                       texte_donnees="<p>Vos données servent à répondre.</p>"))
    page.save_revision().publish()
    return page


@pytest.fixture
def questions_page(home):
    page = home.add_child(instance=QuestionsReponsesPage(title="Questions-réponses", slug="questions-reponses"))
    page.save_revision().publish()
    return page


@pytest.fixture
def infodoc_settings(territories):
    site = Site.objects.get(is_default_site=True)
    settings = InfoDocSettings.for_site(site)
    settings.email_equipe = "infodoc@example.org"
    settings.save()
    settings.territoires_centre.set(seed_figures.centre_territories())
    return settings


@pytest.fixture
def team_member(django_user_model):
    user = django_user_model.objects.create_user("documentaliste", "doc@example.org", "pw",
                                                 first_name="Claire", last_name="Doc")
    user.groups.add(Group.objects.get(name="Service info-doc"))
    return user


@pytest.fixture
def editor(django_user_model):
    """An editor with admin access and page rights, but not in the info-doc team."""
    user = django_user_model.objects.create_user("redacteur", "red@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def make_demande(territoire=None, **fields):
    values = {"nom": "Awa Diallo", "organisation": "Ville de Sarcelles", "type_structure": "ville",
              "email": "awa.diallo@example.org", "question": "Quels cabinets ont évalué des contrats de ville ?",
              "consentement": True, "territoire": territoire}
    values.update(fields)
    return DemandeInfoDoc.objects.create(**values)


@pytest.fixture
def demande(territories):
    return make_demande(territories["Sarcelles (95)"])
