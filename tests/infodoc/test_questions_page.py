"""The public questions-réponses page: published entries only, theme filter, safe text search."""
import pytest
from base_documentaire.models import Theme

from infodoc.models import QuestionReponse


@pytest.fixture
def entries(db):
    egalite = Theme.objects.create(nom="Égalité femmes-hommes")
    laicite = Theme.objects.create(nom="Laïcité et valeurs de la République")
    published = QuestionReponse(titre="Intervenantes sur l'entrepreneuriat des femmes", question="Qui inviter ?",
                                reponse="Des réseaux d'accompagnement.", live=True)
    published.themes = [egalite]
    published.save()
    other = QuestionReponse(titre="La laïcité dans un centre social", question="Quelles formations ?",
                            reponse="Le plan « Valeurs de la République et laïcité ».", live=True)
    other.themes = [laicite]
    other.save()
    QuestionReponse.objects.create(titre="Brouillon à anonymiser", question="Mme X demande…", reponse="…")
    return {"egalite": egalite, "laicite": laicite}


def titles(response):
    return [item.titre for item in response.context["questions"]]


def test_lists_published_entries_within_budget(client, questions_page, entries, django_assert_max_num_queries):
    with django_assert_max_num_queries(22):
        response = client.get(questions_page.url)
    assert sorted(titles(response)) == ["Intervenantes sur l'entrepreneuriat des femmes",
                                        "La laïcité dans un centre social"]
    assert "Brouillon" not in response.content.decode()


def test_filter_by_theme(client, questions_page, entries):
    response = client.get(questions_page.url, {"theme": "Laïcité et valeurs de la République"})
    assert titles(response) == ["La laïcité dans un centre social"]


def test_text_search_is_safe(client, questions_page, entries):
    assert titles(client.get(questions_page.url, {"q": "réseaux"})) == [
        "Intervenantes sur l'entrepreneuriat des femmes"]
    response = client.get(questions_page.url, {"q": "<script>'; DROP TABLE"})
    assert response.status_code == 200 and titles(response) == []
    assert "<script>'" not in response.content.decode()


def test_unknown_theme_gets_a_message_and_lists_everything(client, questions_page, entries):
    response = client.get(questions_page.url, {"theme": "Inconnu"})
    assert response.status_code == 200 and response.context["form"].errors
    assert len(titles(response)) == 2


def test_published_entries_are_related_content_of_their_theme(client, questions_page, entries):
    from ressources.related import related_content

    lists = {item.source.key: item for item in related_content(theme_ids=[entries["laicite"].pk])}
    related = lists["questions_reponses"]
    assert [item.title for item in related.items] == ["La laïcité dans un centre social"]
    response = client.get(related.items[0].url.split("#")[0])
    assert titles(response) == ["La laïcité dans un centre social"]
