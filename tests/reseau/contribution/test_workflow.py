"""The whole moderation of a partner's notice, in the admin, with its e-mails: submission,
changes requested, resubmission, rejection, submission again, approval and publication."""
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.models import WorkflowState

from base_documentaire import indexing
from base_documentaire.models import Notice
from reseau.contribution import status
from reseau.contribution.models import ValidationTask

from .conftest import ADMIN, notice_form

SUBMIT = {"action-submit": "action-submit"}


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def act(client, notice, action, comment=""):
    task_state = notice.current_workflow_task_state
    assert task_state is not None, "the notice is not in moderation"
    url = ADMIN + f"workflow/action/{notice.pk}/{action}/{task_state.pk}/"
    response = client.post(url, {"comment": comment})
    assert response.status_code == 302, response
    return Notice.objects.get(pk=notice.pk)


def sent():
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


def test_notices_use_the_validation_task_of_the_moderators(db):
    workflow = Notice().get_workflow()
    task = workflow.tasks.get().specific
    assert isinstance(task, ValidationTask)
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_the_moderator_has_three_decisions_the_partner_none(partner, moderator, contributeurs):
    task = Notice().get_workflow().tasks.get().specific
    notice = Notice(titre="x", contributeur=contributeurs["vto"])
    assert [name for name, _label, _modal in task.get_actions(notice, moderator)] == [
        "reject", "refuse", "approve", "approve"]
    assert task.get_actions(notice, partner) == []


def test_whole_workflow_with_notifications(partner, partner_client, moderator, moderator_client, other_partner,
                                           embedded_index, documentary_page, contributeurs):
    # The partner creates and submits a notice: the documentalist is told, in French.
    partner_client.post(ADMIN + "add/", notice_form("Habiter les quartiers", annee="2023", **SUBMIT))
    notice = Notice.objects.get(titre="Habiter les quartiers")
    assert notice.contributeur == contributeurs["vto"] and not notice.live
    assert notice.current_workflow_state.requested_by == partner
    [message] = sent()
    assert message.to == ["doc@example.org"]
    assert message.subject == "Notice à valider : « Habiter les quartiers »"
    assert "Claire Partenaire a soumis la notice « Habiter les quartiers »" in message.body
    assert "Villes et Territoires Occitanie" in message.body
    assert f"/admin/snippets/base_documentaire/notice/edit/{notice.pk}/" in message.body
    assert "En attente de validation" in text(partner_client.get(ADMIN))

    # Changes requested, with a comment: the partner reads it in its e-mail, listing and edit view.
    notice = act(moderator_client, notice, "reject", "Précisez le territoire, s'il vous plaît.")
    assert notice.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    [message] = sent()
    assert message.to == ["claire@example.org"]
    assert message.subject == "Modifications demandées sur votre notice « Habiter les quartiers »"
    assert "Précisez le territoire, s'il vous plaît." in message.body
    listing = text(partner_client.get(ADMIN))
    assert "Modifications demandées" in listing and "Précisez le territoire" in listing
    edit = partner_client.get(ADMIN + f"edit/{notice.pk}/", follow=True)
    assert "Précisez le territoire, s'il vous plaît." in text(edit)

    # Corrected and submitted again: the documentalist is told again.
    partner_client.post(ADMIN + f"edit/{notice.pk}/", notice_form("Habiter les quartiers prioritaires",
                                                                  annee="2023", **SUBMIT))
    notice = Notice.objects.get(pk=notice.pk)
    assert notice.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    [message] = sent()
    assert message.to == ["doc@example.org"] and "Habiter les quartiers prioritaires" in message.subject

    # Rejected, with a comment: the workflow ends, nothing is published.
    notice = act(moderator_client, notice, "refuse", "Hors du champ de la base.")
    assert notice.current_workflow_state is None and not notice.live
    [message] = sent()
    assert message.to == ["claire@example.org"]
    assert message.subject == "Votre notice « Habiter les quartiers prioritaires » est refusée"
    assert "Hors du champ de la base." in message.body
    assert status.status_of(notice).code == status.REJECTED
    listing = text(partner_client.get(ADMIN))
    assert "Refusée" in listing and "Hors du champ de la base." in listing
    assert "Hors du champ de la base." in text(partner_client.get(ADMIN + f"edit/{notice.pk}/"))
    history = text(moderator_client.get(ADMIN + f"history/{notice.pk}/"))
    assert "Hors du champ de la base." in history

    # Submitted once more, then approved with a comment: published, the partner is told.
    partner_client.post(ADMIN + f"edit/{notice.pk}/", notice_form("Habiter les quartiers prioritaires",
                                                                  annee="2023", **SUBMIT))
    sent()
    notice = act(moderator_client, Notice.objects.get(pk=notice.pk), "approve", "Merci pour cette notice.")
    assert notice.live and notice.current_workflow_state is None
    [message] = sent()
    assert message.to == ["claire@example.org"]
    assert message.subject == "Votre notice « Habiter les quartiers prioritaires » est publiée"
    assert "Merci pour cette notice." in message.body
    assert f"/base-documentaire/notices/{notice.pk}/" in message.body
    listing = text(partner_client.get(ADMIN))
    assert "Publiée" in listing and "Merci pour cette notice." in listing

    # The published notice shows its contributeur, and the base is filtered by it.
    indexing.sync(refresh=True)
    public = text(partner_client.get(f"/base-documentaire/notices/{notice.pk}/"))
    assert "Cataloguée par" in public and "Villes et Territoires Occitanie" in public
    found = text(partner_client.get("/base-documentaire/", {"contributeur": "Villes et Territoires Occitanie"}))
    assert "Habiter les quartiers prioritaires" in found
    other = text(partner_client.get("/base-documentaire/", {"contributeur": "RésO Villes"}))
    assert "Habiter les quartiers prioritaires" not in other


def test_a_partner_cannot_moderate(partner_client, other_client, centre_notices):
    notice = centre_notices["vto_draft"]
    partner_client.post(ADMIN + f"edit/{notice.pk}/", notice_form("Brouillon de VTO", **SUBMIT))
    notice = Notice.objects.get(pk=notice.pk)
    task_state = notice.current_workflow_task_state
    for action in ("approve", "refuse", "reject"):
        url = ADMIN + f"workflow/action/{notice.pk}/{action}/{task_state.pk}/"
        partner_client.post(url, {"comment": "moi-même"})
        assert other_client.post(url, {"comment": "un autre centre"}).status_code == 404
    notice = Notice.objects.get(pk=notice.pk)
    assert not notice.live and notice.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_no_mail_goes_to_users_who_turned_notifications_off(partner_client, moderator, centre_notices):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(moderator)
    profile.submitted_notifications = False
    profile.save()
    notice = centre_notices["vto_draft"]
    partner_client.post(ADMIN + f"edit/{notice.pk}/", notice_form("Brouillon de VTO", **SUBMIT))
    assert Notice.objects.get(pk=notice.pk).current_workflow_state is not None
    assert sent() == []


def test_pages_keep_wagtails_own_notifications(db, django_user_model):
    from wagtail.models import Page

    editor = django_user_model.objects.create_user("redac", "redac@example.org", "x")
    chief = django_user_model.objects.create_superuser("chef", "chef@example.org", "x")
    page = Page.objects.get(depth=2)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    sent()
    page.current_workflow_task_state.approve(user=chief)
    [message] = sent()
    assert message.to == ["redac@example.org"]  # Wagtail's own "approved" message, untouched
