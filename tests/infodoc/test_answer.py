"""Answers composed in the admin: preview, sending, stored with the request (the e-mail itself, received in
Mailpit: test_emails.py)."""
import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import nested_form_data, streamfield

from infodoc.models import QuestionReponse, Reponse, Statut

REPONDRE = "wagtailsnippets_infodoc_demandeinfodoc:repondre"


@pytest.fixture
def some_page(home):
    from home.models import StandardPage

    page = home.add_child(instance=StandardPage(title="Évaluer un contrat de ville", slug="evaluer"))
    page.save_revision().publish()
    return page


def answer_data(action, page):
    return nested_form_data({
        "sujet": "Réponse à votre demande",
        "corps": "Bonjour,\n\nVoici des ressources sur l'évaluation des contrats de ville.",
        "liens": streamfield([("page", page.pk), ("lien", {"titre": "Guide de l'ANCT", "url": "https://anct.gouv.fr/"})]),
        "action": action,
    })


def test_preview_records_nothing(client, team_member, demande, some_page):
    client.force_login(team_member)
    response = client.post(reverse(REPONDRE, args=[demande.pk]), answer_data("preview", some_page))
    assert response.status_code == 200
    assert "Guide de l&#x27;ANCT : https://anct.gouv.fr/" in response.content.decode()
    assert not Reponse.objects.exists()


def test_send_keeps_the_answer(client, team_member, demande, some_page):
    client.force_login(team_member)
    response = client.post(reverse(REPONDRE, args=[demande.pk]), answer_data("send", some_page))
    assert response.status_code == 302
    reponse = Reponse.objects.get()
    assert reponse.destinataire == demande.email and reponse.envoyee_par == team_member
    assert demande.reference in reponse.message and "Évaluer un contrat de ville : http" in reponse.message
    demande.refresh_from_db()
    assert demande.statut == Statut.REPONDUE and demande.repondue_le is not None
    actions = set(ModelLogEntry.objects.filter(object_id=str(demande.pk)).values_list("action", flat=True))
    assert {"infodoc.reponse", "infodoc.statut"} <= actions
    page = client.get(reverse(REPONDRE, args=[demande.pk])).content.decode()
    assert "Réponse à votre demande" in page  # answers already sent are listed


def test_empty_answer_is_refused(client, team_member, demande, some_page):
    client.force_login(team_member)
    data = answer_data("send", some_page)
    data["corps"] = ""
    response = client.post(reverse(REPONDRE, args=[demande.pk]), data)
    assert response.status_code == 200 and not Reponse.objects.exists()


def test_publish_as_questions_answers_creates_an_unpublished_draft(client, team_member, demande):
    client.force_login(team_member)
    response = client.post(reverse("wagtailsnippets_infodoc_demandeinfodoc:publier", args=[demande.pk]))
    item = QuestionReponse.objects.get()
    assert response["Location"] == reverse("wagtailsnippets_infodoc_questionreponse:edit", args=[item.pk])
    assert not item.live and item.question == demande.question and item.demande == demande


def test_an_anonymised_request_cannot_be_answered(client, team_member, demande, some_page):
    from infodoc import rgpd
    from infodoc.models import DemandeInfoDoc

    rgpd.anonymise(DemandeInfoDoc.objects.filter(pk=demande.pk))
    client.force_login(team_member)
    response = client.post(reverse(REPONDRE, args=[demande.pk]), answer_data("send", some_page))
    assert response.status_code == 302 and not Reponse.objects.exists()
