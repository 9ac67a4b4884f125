"""The whole moderation of a partner's notice, in the admin, with its e-mails (received in Mailpit): submission,
changes requested, resubmission, rejection, submission again, approval and publication."""
import pytest
from bs4 import BeautifulSoup
from wagtail.models import WorkflowState

from base_documentaire import indexing
from base_documentaire.models import Notice
from reseau.contribution import status
from reseau.contribution.models import ValidationTask

from tests.mailpit import links

from .conftest import ADMIN, notice_form

SITE = "https://crpv.example.org"
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


def sent(mailpit):
    """The messages that arrived since the last call."""
    messages = mailpit.messages()
    mailpit.clear()
    return messages


def assert_html_and_text(message, *fragments):
    html = message["HTML"].replace("&#x27;", "'")
    for fragment in fragments:
        assert fragment in message["Text"] and fragment in html


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


@pytest.mark.services
def test_whole_workflow_with_notifications(partner, partner_client, moderator, moderator_client, other_partner,
                                           embedded_index, documentary_page, contributeurs, settings, mailpit):
    settings.WAGTAILADMIN_BASE_URL = SITE
    # The partner creates and submits a notice: the documentalist is told, in French.
    partner_client.post(ADMIN + "add/", notice_form("Habiter les quartiers", annee="2023", **SUBMIT))
    notice = Notice.objects.get(titre="Habiter les quartiers")
    assert notice.contributeur == contributeurs["vto"] and not notice.live
    assert notice.current_workflow_state.requested_by == partner
    [message] = sent(mailpit)
    assert message["To"] == ["doc@example.org"]
    assert message["Subject"] == "Notice à valider : « Habiter les quartiers »"
    assert_html_and_text(message, "Claire Partenaire a soumis la notice « Habiter les quartiers »",
                         "Villes et Territoires Occitanie", settings.WAGTAIL_SITE_NAME)
    edit_url = f"{SITE}/admin/snippets/base_documentaire/notice/edit/{notice.pk}/"
    assert edit_url in message["Text"] and edit_url in links(message)
    assert "En attente de validation" in text(partner_client.get(ADMIN))

    # Changes requested, with a comment: the partner reads it in its e-mail, listing and edit view.
    notice = act(moderator_client, notice, "reject", "Précisez le territoire, s'il vous plaît.")
    assert notice.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    [message] = sent(mailpit)
    assert message["To"] == ["claire@example.org"]
    assert message["Subject"] == "Modifications demandées sur votre notice « Habiter les quartiers »"
    assert_html_and_text(message, "Précisez le territoire, s'il vous plaît.")
    assert edit_url in links(message)
    listing = text(partner_client.get(ADMIN))
    assert "Modifications demandées" in listing and "Précisez le territoire" in listing
    edit = partner_client.get(ADMIN + f"edit/{notice.pk}/", follow=True)
    assert "Précisez le territoire, s'il vous plaît." in text(edit)

    # Corrected and submitted again: the documentalist is told again.
    partner_client.post(ADMIN + f"edit/{notice.pk}/", notice_form("Habiter les quartiers prioritaires",
                                                                  annee="2023", **SUBMIT))
    notice = Notice.objects.get(pk=notice.pk)
    assert notice.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    [message] = sent(mailpit)
    assert message["To"] == ["doc@example.org"] and "Habiter les quartiers prioritaires" in message["Subject"]

    # Rejected, with a comment: the workflow ends, nothing is published.
    notice = act(moderator_client, notice, "refuse", "Hors du champ de la base.")
    assert notice.current_workflow_state is None and not notice.live
    [message] = sent(mailpit)
    assert message["To"] == ["claire@example.org"]
    assert message["Subject"] == "Votre notice « Habiter les quartiers prioritaires » est refusée"
    assert_html_and_text(message, "Hors du champ de la base.")
    assert status.status_of(notice).code == status.REJECTED
    listing = text(partner_client.get(ADMIN))
    assert "Refusée" in listing and "Hors du champ de la base." in listing
    assert "Hors du champ de la base." in text(partner_client.get(ADMIN + f"edit/{notice.pk}/"))
    history = text(moderator_client.get(ADMIN + f"history/{notice.pk}/"))
    assert "Hors du champ de la base." in history

    # Submitted once more, then approved with a comment: published, the partner is told.
    partner_client.post(ADMIN + f"edit/{notice.pk}/", notice_form("Habiter les quartiers prioritaires",
                                                                  annee="2023", **SUBMIT))
    sent(mailpit)
    notice = act(moderator_client, Notice.objects.get(pk=notice.pk), "approve", "Merci pour cette notice.")
    assert notice.live and notice.current_workflow_state is None
    [message] = sent(mailpit)
    assert message["To"] == ["claire@example.org"]
    assert message["Subject"] == "Votre notice « Habiter les quartiers prioritaires » est publiée"
    assert_html_and_text(message, "Merci pour cette notice.", f"{SITE}/base-documentaire/notices/{notice.pk}/")
    assert f"{SITE}/base-documentaire/notices/{notice.pk}/" in links(message)
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


@pytest.mark.services
def test_no_mail_goes_to_users_who_turned_notifications_off(partner_client, moderator, centre_notices, mailpit):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(moderator)
    profile.submitted_notifications = False
    profile.save()
    notice = centre_notices["vto_draft"]
    partner_client.post(ADMIN + f"edit/{notice.pk}/", notice_form("Brouillon de VTO", **SUBMIT))
    assert Notice.objects.get(pk=notice.pk).current_workflow_state is not None
    assert sent(mailpit) == []


@pytest.mark.services
def test_html_in_a_partners_notice_and_comment_is_escaped_in_the_html_part(partner_client, moderator,
                                                                           moderator_client, mailpit):
    partner_client.post(ADMIN + "add/", notice_form("<script>alert(1)</script> & quartiers", **SUBMIT))
    notice = Notice.objects.get(titre__startswith="<script>")
    [submitted] = sent(mailpit)
    act(moderator_client, notice, "reject", '<img src=x onerror="alert(2)"> à revoir')
    [changes] = sent(mailpit)
    assert changes["Subject"] == "Modifications demandées sur votre notice « <script>alert(1)</script> & quartiers »"
    for message in (submitted, changes):
        assert "<script>" not in message["HTML"] and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; quartiers" in message["HTML"]
        assert "<script>alert(1)</script> & quartiers" in message["Text"]
    assert "<img" not in changes["HTML"] and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt; à revoir" in changes["HTML"]


@pytest.mark.services
def test_pages_keep_wagtails_own_notifications(db, django_user_model, mailpit):
    from wagtail.models import Page

    editor = django_user_model.objects.create_user("redac", "redac@example.org", "x")
    chief = django_user_model.objects.create_superuser("chef", "chef@example.org", "x")
    page = Page.objects.get(depth=2)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    sent(mailpit)
    page.current_workflow_task_state.approve(user=chief)
    [message] = sent(mailpit)
    assert message["To"] == ["redac@example.org"]  # Wagtail's own "approved" message, untouched
