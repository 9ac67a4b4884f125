"""The partner follows its notice through the documentalist's moderation, comment included."""
import pytest

from base_documentaire.models import Notice

from .conftest import NOTICE


def moderate(notice, moderator, action, comment=""):
    """What the admin's workflow action buttons do (Request changes, Approve with comment)."""
    notice.refresh_from_db()
    task_state = notice.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, action, comment=comment)


def status(api, external_id="pmb-1001"):
    response = api.get(f"notices/{external_id}/statut/")
    assert response.status_code == 200
    return response.json()


def test_status_follows_submission_request_for_changes_resubmission_and_publication(
        api, vocabulary, moderator, documentary_page):
    api.post("notices/", NOTICE)
    assert status(api) == {"id": "pmb-1001", "statut": "en_cours_de_validation", "libelle": "En cours de validation",
                           "en_ligne": False, "commentaire": None, "suppression": None}
    notice = Notice.objects.get(external_id="pmb-1001")

    moderate(notice, moderator, "reject", "Merci d'ajouter le lieu d'édition.")
    current = status(api)
    assert current["statut"] == "modifications_demandees" and current["libelle"] == "Modifications demandées"
    assert current["commentaire"]["texte"] == "Merci d'ajouter le lieu d'édition."
    assert current["commentaire"]["auteur"] == "Camille Documentaliste"
    assert current["commentaire"]["date"]
    assert api.get("notices/pmb-1001/").json()["statut"] == "modifications_demandees"

    assert api.patch("notices/pmb-1001/", {"lieu_edition": "Montpellier"}).status_code == 200
    assert status(api)["statut"] == "en_cours_de_validation"

    moderate(notice, moderator, "approve", "Parfait, merci.")
    current = status(api)
    assert current["statut"] == "publiee" and current["en_ligne"] is True
    assert current["commentaire"]["texte"] == "Parfait, merci."
    notice.refresh_from_db()
    assert notice.live and notice.lieu_edition == "Montpellier"
    data = api.get("notices/pmb-1001/").json()
    assert data["url"] == f"http://testserver/base-documentaire/notices/{notice.pk}/"


def test_rejected_notice_with_the_documentalists_comment_and_a_new_submission(api, vocabulary, moderator):
    api.post("notices/", NOTICE)
    notice = Notice.objects.get(external_id="pmb-1001")
    moderate(notice, moderator, "refuse", "Hors du champ de la base.")
    current = status(api)
    assert current["statut"] == "refusee" and current["libelle"] == "Refusée" and current["en_ligne"] is False
    assert current["commentaire"]["texte"] == "Hors du champ de la base."
    assert api.patch("notices/pmb-1001/", {"resume": "Recentré sur la politique de la ville."}).status_code == 200
    assert status(api)["statut"] == "en_cours_de_validation"


def test_submission_withdrawn_in_the_admin_reads_as_a_draft(api, vocabulary, moderator):
    api.post("notices/", NOTICE)
    Notice.objects.get(external_id="pmb-1001").current_workflow_state.cancel(user=moderator)
    assert status(api)["statut"] == "brouillon"


def test_update_while_awaiting_validation_restarts_the_submission_with_the_new_version(api, vocabulary, moderator):
    api.post("notices/", NOTICE)
    assert api.patch("notices/pmb-1001/", {"titre": "Titre corrigé"}).status_code == 200
    notice = Notice.objects.get(external_id="pmb-1001")
    assert notice.workflow_states.filter(status="in_progress").count() == 1
    moderate(notice, moderator, "approve")
    notice.refresh_from_db()
    assert notice.live and notice.titre == "Titre corrigé"


def test_a_notice_without_submission_is_a_draft_or_published(api, partner, vocabulary):
    from tests.base_documentaire.conftest import make_notice

    make_notice("Importée", contributeur=partner[0].contributeur, external_id="imp-1")
    make_notice("Brouillon", contributeur=partner[0].contributeur, external_id="imp-2", publish=False)
    assert status(api, "imp-1")["statut"] == "publiee"
    assert status(api, "imp-2")["statut"] == "brouillon"


@pytest.mark.services
def test_submission_notifies_the_moderators(api, vocabulary, moderator, mailpit):
    api.post("notices/", NOTICE)
    (message,) = mailpit.wait_for("doc@example.org")
    assert message["Subject"].startswith("Notice à valider : « ") and message["HTML"]
