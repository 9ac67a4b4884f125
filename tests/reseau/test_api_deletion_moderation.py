"""The partner API deletes as the admin does: a published notice (or one published once) leaves the
base through the documentalist. DELETE answers 202 with the deletion request; the notice stays
online until she approves it in the admin (then it is unpublished and deleted) or refuses it. A draft
of the partner's own centre that was never published is still deleted at once (204)."""
import pytest
from django.test import Client

from base_documentaire.models import Notice
from reseau.api import deletion
from reseau.api.models import DemandeSuppression
from tests.base_documentaire.conftest import contributeurs, documentary_page, make_notice, vocabulary  # noqa: F401
from tests.reseau.api.conftest import api, moderator, partner  # noqa: F401
from tests.reseau.api.test_openapi import conforms, spec  # noqa: F401

ADMIN = "/admin/demandes-suppression/"


@pytest.fixture
def published(partner, documentary_page):  # noqa: F811
    return make_notice("Guide des conseils citoyens", contributeur=partner[0].contributeur, external_id="pmb-7")


@pytest.fixture
def documentalist(moderator):  # noqa: F811
    client = Client()
    client.force_login(moderator)
    return client


def test_deleting_a_published_notice_asks_the_documentalist_and_keeps_it_online(api, published, client):
    response = api.delete("notices/pmb-7/")
    assert response.status_code == 202
    data = response.json()
    assert data["id"] == "pmb-7" and data["statut"] == "publiee" and data["en_ligne"] is True
    assert data["suppression"]["statut"] == "en_attente"
    assert data["suppression"]["libelle"] == "en attente de la documentaliste"
    assert Notice.objects.get(pk=published.pk).live
    assert client.get(published.get_absolute_url()).status_code == 200
    assert api.get("notices/pmb-7/").status_code == 200
    assert api.get("notices/pmb-7/statut/").json()["suppression"]["statut"] == "en_attente"

    again = api.delete("notices/pmb-7/")  # the same request, not a second one
    assert again.status_code == 202 and DemandeSuppression.objects.count() == 1


def test_the_documentalist_approves_in_the_admin_and_the_notice_is_gone(api, published, documentalist, client):
    api.delete("notices/pmb-7/")
    listing = documentalist.get(ADMIN)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Demandes de suppression" in page and "Guide des conseils citoyens" in page
    demande = DemandeSuppression.objects.get()
    response = documentalist.post(f"{ADMIN}{demande.pk}/accepter/", follow=True)
    assert "La notice « Guide des conseils citoyens » est supprimée." in response.content.decode()
    assert not Notice.objects.filter(pk=published.pk).exists() and not DemandeSuppression.objects.exists()
    assert api.get("notices/pmb-7/").status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 404


def test_the_documentalist_refuses_with_a_comment_and_the_notice_stays(api, published, documentalist):
    api.delete("notices/pmb-7/")
    demande = DemandeSuppression.objects.get()
    response = documentalist.post(f"{ADMIN}{demande.pk}/refuser/", {"commentaire": "Notice citée ailleurs."},
                                  follow=True)
    assert "La suppression de « Guide des conseils citoyens » est refusée : la notice reste en ligne." in (
        response.content.decode())
    assert Notice.objects.get(pk=published.pk).live
    suppression = api.get("notices/pmb-7/statut/").json()["suppression"]
    assert suppression["statut"] == "refusee" and suppression["commentaire"] == "Notice citée ailleurs."
    assert documentalist.post(f"{ADMIN}{demande.pk}/accepter/").status_code == 302  # decided already
    assert Notice.objects.filter(pk=published.pk).exists()
    assert api.delete("notices/pmb-7/").status_code == 202  # asked again: a new request
    assert DemandeSuppression.objects.filter(statut="en_attente").count() == 1


def test_a_notice_published_once_then_unpublished_also_goes_to_the_documentalist(api, published):
    notice = Notice.objects.get(pk=published.pk)
    notice.unpublish()
    assert api.delete("notices/pmb-7/").status_code == 202
    assert Notice.objects.filter(pk=published.pk).exists()


def test_a_draft_never_published_is_deleted_at_once(api, partner):  # noqa: F811
    draft = make_notice("Brouillon", contributeur=partner[0].contributeur, external_id="pmb-8", publish=False)
    assert api.delete("notices/pmb-8/").status_code == 204
    assert not Notice.objects.filter(pk=draft.pk).exists() and not DemandeSuppression.objects.exists()


def test_only_documentalists_decide(api, published, partner):  # noqa: F811
    api.delete("notices/pmb-7/")
    demande = DemandeSuppression.objects.get()
    partner_user = Client()
    partner_user.force_login(partner[0].user)
    assert partner_user.get(ADMIN).status_code in (302, 403)
    assert partner_user.post(f"{ADMIN}{demande.pk}/accepter/").status_code in (302, 403)
    assert Notice.objects.filter(pk=published.pk).exists()
    assert DemandeSuppression.objects.get().statut == "en_attente"


def test_the_202_conforms_to_the_openapi_description(spec, api, published):  # noqa: F811
    response = conforms(spec, api.delete("notices/pmb-7/"))
    assert response.status_code == 202


def test_two_simultaneous_requests_make_one(published, partner):  # noqa: F811
    first = deletion.request_deletion(published, partner[0].contributeur, partner[0].user)
    second = deletion.request_deletion(published, partner[0].contributeur, partner[0].user)
    assert first.pk == second.pk and DemandeSuppression.objects.count() == 1


def test_the_documentalists_are_told_by_email_once(api, published, moderator, mailpit):  # noqa: F811
    api.delete("notices/pmb-7/")
    api.delete("notices/pmb-7/")  # the same request: no second message
    [message] = mailpit.wait_for(moderator.email)
    assert message["Subject"] == "Suppression demandée : « Guide des conseils citoyens »"
    assert ("a demandé, par l'API des partenaires, la suppression de la notice publiée « Guide des conseils "
            "citoyens ». Elle reste en ligne jusqu'à votre décision.") in " ".join(message["Text"].split())
    assert "/admin/demandes-suppression/" in message["Text"] and "/admin/demandes-suppression/" in message["HTML"]
    assert mailpit.messages("vto-api@example.org") == []  # the partner's token user is no documentalist
