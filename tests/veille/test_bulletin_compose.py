"""Composing a bulletin in the admin: « Proposer les notices de la période » adds to each rubrique the
notices of its search first published in the period (and only those), keeps what the documentalist
already chose and commented, saves a draft (the live bulletin is unchanged); only editors of the page
may use it."""
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from base_documentaire import indexing
from base_documentaire.models import Notice
from tests.base_documentaire.conftest import make_notice
from tests.veille.bulletins import make_archive, make_bulletin, rubrique
from veille.bulletins.proposal import chosen_id
from veille.models import BulletinPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def composed(search_index, vocabulary, documentary_page):
    v = vocabulary
    new = make_notice("Santé mentale des jeunes", themes=[v["sante"]])
    old = make_notice("Santé et précarité, 2019", themes=[v["sante"]])
    Notice.objects.filter(pk=old.pk).update(first_published_at=timezone.now() - timedelta(days=60))
    other = make_notice("L'emploi des jeunes", themes=[v["emploi"]])
    make_notice("Brouillon sur la santé", themes=[v["sante"]], publish=False)
    indexing.sync(refresh=True)
    indexing.sync([old.pk], refresh=True)
    today = timezone.localdate()
    bulletin = make_bulletin(make_archive(), debut=today - timedelta(days=7), fin=today, rubriques=[
        rubrique("Santé", [(old, "Un classique à relire")], theme="Santé"),
        rubrique("Emploi", [], theme="Emploi et développement économique"),
        rubrique("Logement", [], mots="logement")])
    return {"bulletin": bulletin, "new": new, "old": old, "other": other}


def chosen(page):
    return [[(chosen_id(item), item["value"]["commentaire"] or "") for item in block["value"]["notices"]]
            for block in page.rubriques.raw_data]


def test_proposal_adds_the_period_hits_only_as_a_draft(composed, admin_client):
    bulletin, new, old, other = (composed[key] for key in ("bulletin", "new", "old", "other"))
    url = f"/admin/veille/bulletins/{bulletin.pk}/proposer/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/pages/{bulletin.pk}/edit/"
    assert "2 notices de la période proposées" in response.content.decode()
    draft = BulletinPage.objects.get(pk=bulletin.pk).get_latest_revision_as_object()
    assert chosen(draft) == [[(old.pk, "Un classique à relire"), (new.pk, "")], [(other.pk, "")], []]
    live = BulletinPage.objects.get(pk=bulletin.pk)
    assert chosen(live) == [[(old.pk, "Un classique à relire")], [], []]  # nothing published
    assert live.has_unpublished_changes
    again = admin_client.post(url, follow=True)
    assert "0 notice de la période proposée" in again.content.decode()
    assert chosen(BulletinPage.objects.get(pk=bulletin.pk).get_latest_revision_as_object()) == chosen(draft)


def test_only_editors_of_the_page_compose(composed, django_user_model):
    bulletin = composed["bulletin"]
    url = f"/admin/veille/bulletins/{bulletin.pk}/proposer/"
    reader = django_user_model.objects.create_user("lecteur", "l@example.org", "pw-Lecteur-1")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(reader)
    revisions = bulletin.revisions.count()
    for refused in (client.get(url), client.post(url)):  # Wagtail's admin answers PermissionDenied so
        assert (refused.status_code, refused.url) == (302, "/admin/")
    assert bulletin.revisions.count() == revisions
    assert "Proposer les notices de la période" not in client.get(f"/admin/pages/{bulletin.pk}/").content.decode()
    editor = django_user_model.objects.create_user("redac", "r@example.org", "pw-Redac-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    edit = client.get(f"/admin/pages/{bulletin.pk}/edit/").content.decode()
    assert url in edit and "Proposer les notices de la période" in edit
    assert client.post(url).url == f"/admin/pages/{bulletin.pk}/edit/"
    assert bulletin.revisions.count() == revisions + 1


def test_engine_down_proposes_nothing_and_says_so(composed, admin_client, settings):
    from tests.base_documentaire.test_indexing import dead

    bulletin = composed["bulletin"]
    revisions = bulletin.revisions.count()
    settings.CRPV_SEARCH_ENGINE = dead(settings.CRPV_SEARCH_ENGINE)
    response = admin_client.post(f"/admin/veille/bulletins/{bulletin.pk}/proposer/", follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/pages/{bulletin.pk}/edit/"
    assert "Le moteur de recherche ne répond pas : rien n’a été proposé" in response.content.decode()
    assert bulletin.revisions.count() == revisions


def test_an_invalid_rubrique_search_is_reported(composed, admin_client):
    bulletin = composed["bulletin"]
    bulletin.rubriques = json.dumps([rubrique("Trop long", [], mots="x" * 600)])
    bulletin.save_revision()
    response = admin_client.post(f"/admin/veille/bulletins/{bulletin.pk}/proposer/", follow=True)
    assert "La recherche de la rubrique « Trop long » n’est pas valide" in response.content.decode()
