"""The partner API follows merges: the id of a partner's notice merged into another centre's
notice leads to the notice kept; deleting it there removes the alias, never the notice kept."""
from django.contrib.auth import get_user_model

from base_documentaire.doublons import fusion
from base_documentaire.doublons.models import Doublon
from base_documentaire.models import Notice, NoticeAlias

from .conftest import NOTICE, make_notice


def merged_into_another_centre(contributeurs):
    """VTO's "pmb-1" merged into RésO Villes' "R-1"; returns the notice kept."""
    make_notice("Santé mentale dans les quartiers prioritaires", annee=2023, contributeur=contributeurs["vto"],
                external_id="pmb-1")
    kept = make_notice("Santé mentale dans les quartiers prioritaires", annee=2023,
                       contributeur=contributeurs["resovilles"], external_id="R-1")
    user = get_user_model().objects.create_superuser("admin-fusion", "a@example.org", "x")
    fusion.merge(Doublon.objects.get().pk, kept.pk, user)
    return kept


def test_reading_a_merged_away_id_gives_the_notice_kept(api, other_api, contributeurs, vocabulary):
    kept = merged_into_another_centre(contributeurs)
    data = api.get("notices/pmb-1/").json()
    assert data["id"] == "R-1" and data["titre"] == kept.titre
    assert other_api.get("notices/pmb-1/").status_code == 404  # the alias is VTO's


def test_writing_a_merged_away_id_updates_the_notice_kept(api, contributeurs, vocabulary):
    kept = merged_into_another_centre(contributeurs)
    response = api.post("notices/", {**NOTICE, "id": "pmb-1", "resume": "Résumé proposé."})
    assert response.status_code == 200, response.content
    response = api.patch("notices/pmb-1/", {"id": "pmb-1", "sous_titre": "Journée régionale"})
    assert response.status_code == 200, response.content
    assert Notice.objects.count() == 1
    draft = Notice.objects.get(pk=kept.pk).get_latest_revision_as_object()
    assert (draft.resume, draft.sous_titre) == ("Résumé proposé.", "Journée régionale")
    response = api.patch("notices/pmb-1/", {"id": "pmb-2"})
    assert response.status_code == 400  # an id is never changed


def test_deleting_a_merged_away_id_removes_the_alias_not_the_notice_kept(api, contributeurs, vocabulary):
    kept = merged_into_another_centre(contributeurs)
    assert api.delete("notices/pmb-1/").status_code == 204
    assert Notice.objects.filter(pk=kept.pk, live=True).exists() and not NoticeAlias.objects.exists()
    assert api.get("notices/pmb-1/").status_code == 404
