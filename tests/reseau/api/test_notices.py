"""Create, read, update, delete a partner's own notices: drafts submitted for validation,
never published by the API, with the import's rules for labels and identifiers."""
import pytest
from wagtail.models import WorkflowState

from base_documentaire.models import Notice, TermeCandidat

from .conftest import NOTICE


def test_create_saves_a_draft_submitted_to_moderation_in_the_token_users_name(api, partner, vocabulary):
    response = api.post("notices/", NOTICE)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["id"] == "pmb-1001" and data["statut"] == "en_cours_de_validation" and data["en_ligne"] is False
    assert data["type"] == "actes" and data["annee"] == 2023 and data["langue"] == "fre"
    assert sorted(data["themes"]) == ["Quartiers prioritaires", "Santé"]  # case, accents and synonyms as the import
    assert data["territoires"] == ["Montpellier (34)"]
    assert data["auteurs"] == [{"nom": "Dupont, Marie", "nature": "personne", "role": ""},
                               {"nom": "Villes et Territoires Occitanie", "nature": "collectivite", "role": ""}]
    assert data["mots_cles"] == ["CLSM", "précarité"] and data["urls"] == ["https://example.org/actes.pdf"]
    assert data["avertissements"] == []

    notice = Notice.objects.get(external_id="pmb-1001")
    assert notice.contributeur == partner[0].contributeur and not notice.live
    assert notice.latest_revision.user == partner[0].user
    state = notice.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == partner[0].user


def test_create_with_an_existing_id_updates_the_notice_instead_of_duplicating_it(api, vocabulary):
    assert api.post("notices/", NOTICE).status_code == 201
    response = api.post("notices/", {**NOTICE, "titre": "Santé mentale : actes révisés"})
    assert response.status_code == 200
    assert Notice.objects.filter(external_id="pmb-1001").count() == 1
    assert api.get("notices/pmb-1001/").json()["titre"] == "Santé mentale : actes révisés"


def test_unknown_labels_are_warnings_and_candidate_terms(api, vocabulary):
    response = api.post("notices/", {**NOTICE, "themes": ["Santé", "Urbanisme tactique"],
                                     "territoires": ["Atlantide"]})
    assert response.status_code == 201
    data = response.json()
    assert data["themes"] == ["Santé"] and data["territoires"] == []
    assert any("Urbanisme tactique" in warning for warning in data["avertissements"])
    assert any("Atlantide" in warning for warning in data["avertissements"])
    assert set(TermeCandidat.objects.values_list("libelle", "vocabulaire")) == {
        ("Urbanisme tactique", "theme"), ("Atlantide", "territoire")}


def test_read_returns_the_partners_latest_version(api, vocabulary):
    api.post("notices/", NOTICE)
    data = api.get("notices/pmb-1001/").json()
    assert data["titre"] == NOTICE["titre"] and data["sous_titre"] == "Journée régionale"
    assert data["isbn"] == "978-2-1234-5680-3" and data["editeur"] == "VTO"


def test_patch_changes_only_the_fields_sent(api, vocabulary):
    api.post("notices/", NOTICE)
    emploi = "Emploi et développement économique"
    response = api.patch("notices/pmb-1001/", {"titre": "Nouveau titre", "themes": [emploi.upper()]})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["titre"] == "Nouveau titre" and data["themes"] == [emploi]
    assert data["resume"] == "Actes du séminaire." and data["territoires"] == ["Montpellier (34)"]
    assert len(data["auteurs"]) == 2


def test_put_replaces_the_notice_and_empties_missing_fields(api, vocabulary):
    api.post("notices/", NOTICE)
    response = api.put("notices/pmb-1001/", {"titre": "Titre seul"})
    assert response.status_code == 200
    data = response.json()
    assert data["titre"] == "Titre seul" and data["resume"] == "" and data["themes"] == [] and data["auteurs"] == []


def test_a_get_response_can_be_sent_back_with_put(api, vocabulary):
    data = api.post("notices/", NOTICE).json()
    data["titre"] = "Titre modifié"
    response = api.put("notices/pmb-1001/", data)
    assert response.status_code == 200, response.content
    assert sorted(response.json()["themes"]) == ["Quartiers prioritaires", "Santé"]


def test_update_of_a_published_notice_keeps_the_public_version_until_validation(api, partner, vocabulary):
    from tests.base_documentaire.conftest import make_notice

    notice = make_notice("Version publiée", contributeur=partner[0].contributeur, external_id="pmb-7")
    response = api.patch("notices/pmb-7/", {"titre": "Version proposée"})
    assert response.status_code == 200
    assert response.json()["titre"] == "Version proposée" and response.json()["en_ligne"] is True
    notice.refresh_from_db()
    assert notice.titre == "Version publiée" and notice.live and notice.has_unpublished_changes
    assert notice.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_list_is_paginated_and_holds_only_the_partners_notices(api, partner, contributeurs, vocabulary):
    from tests.base_documentaire.conftest import make_notice

    for number in range(5):
        api.post("notices/", {"id": f"n-{number}", "titre": f"Notice {number}"})
    make_notice("Notice d'un autre centre", contributeur=contributeurs["resovilles"], external_id="n-0")
    first = api.get("notices/", page_size=2).json()
    assert first["count"] == 5 and first["page"] == 1 and len(first["results"]) == 2
    assert first["results"][0]["id"] == "n-4"  # most recent first
    assert first["previous"] is None and "page=2" in first["next"]
    last = api.get("notices/", page_size=2, page=3).json()
    assert [item["id"] for item in last["results"]] == ["n-0"] and last["next"] is None
    assert all(item["titre"] != "Notice d'un autre centre" for item in first["results"] + last["results"])


@pytest.mark.parametrize("params", [{"page": "0"}, {"page_size": "101"}, {"page": "deux"}])
def test_bad_pagination_is_a_400(api, params):
    response = api.get("notices/", **params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


def test_delete_of_a_draft_never_published_deletes_it(api, partner, vocabulary):
    """A published notice goes to the documentalist instead: tests/reseau/test_api_deletion_moderation.py."""
    from tests.base_documentaire.conftest import make_notice

    make_notice("À supprimer", contributeur=partner[0].contributeur, external_id="pmb-9", publish=False)
    response = api.delete("notices/pmb-9/")
    assert response.status_code == 204
    assert not Notice.objects.filter(external_id="pmb-9").exists()
    assert api.get("notices/pmb-9/").status_code == 404


def test_a_theme_added_by_the_documentalist_is_matched_at_once(api, vocabulary):
    """Label matching is cached between requests; a thesaurus change refreshes it."""
    from base_documentaire.models import Theme

    first = api.post("notices/", {"id": "v-1", "titre": "T", "themes": ["Urbanisme transitoire"]}).json()
    assert first["themes"] == [] and first["avertissements"]
    Theme.objects.create(nom="Urbanisme transitoire")
    second = api.post("notices/", {"id": "v-2", "titre": "T", "themes": ["urbanisme transitoire"]}).json()
    assert second["themes"] == ["Urbanisme transitoire"] and second["avertissements"] == []


def test_an_undeclared_type_is_kept_as_written_and_shown_pending(api, vocabulary):
    response = api.post("notices/", {**NOTICE, "type": "Affiche murale", "themes": ["Santé", "Urbanisme tactique"]})
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["type"], data["type_libelle"]) == ("", "Affiche murale")
    assert sorted((item["vocabulaire"], item["libelle"]) for item in data["en_attente"]) == [
        ("theme", "Urbanisme tactique"), ("type_document", "Affiche murale")]
    assert any("Affiche murale" in warning for warning in data["avertissements"])
    assert api.get("notices/pmb-1001/").json()["en_attente"] == data["en_attente"]
    notice = Notice.objects.get(external_id="pmb-1001")
    assert notice.type_document_id is None and TermeCandidat.objects.filter(libelle="Affiche murale").exists()
