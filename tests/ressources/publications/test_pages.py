"""Publication pages render, within a query budget, what their readers need; bad input is refused in
French; HTML typed in fields is escaped."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from base_documentaire.models import Fichier
from ressources.annuaire.models import Acteur
from ressources.publications.models import (FicheExperiencePage, LettreInformationPage, PublicationAuteur,
                                            PublicationFichier, PublicationPage)

from tests.ressources.conftest import RELATED_PER_SOURCE, populate_related

from .conftest import make_publication


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def make_file(title, *, prive=False, name="document.pdf", content=b"%PDF-1.4 demo"):
    fichier = Fichier(title=title, prive=prive)
    fichier.file.save(name, ContentFile(content), save=False)
    fichier.save()
    return fichier


@pytest.fixture
def acteur(db):
    return Acteur.objects.create(nom="Pôle ressources ville et développement social", sigle="PRVDS",
                                 email="contact@example.org", telephone="01 00 00 00 00",
                                 adresse="1 rue de la Gare\n95000 Cergy")


def test_publication_page_shows_authors_files_and_vocabulary_within_query_budget(
        client, index, vocabulary, acteur, django_assert_max_num_queries):
    public, private = make_file("Actes (PDF)"), make_file("Notes internes", prive=True)
    page = make_publication(
        index, "Participation des habitant·es et quartiers populaires", kind="actes",
        resume="Les apports d'un séminaire.", themes=[vocabulary["sante"]], territoires=[vocabulary["herault"]],
        auteurs=[PublicationAuteur(acteur=acteur), PublicationAuteur(nom="Ressources Urbaines")],
        fichiers=[PublicationFichier(fichier=public), PublicationFichier(fichier=private)])
    populate_related(index.get_parent(), [vocabulary["sante"]], [vocabulary["montpellier"]])
    # the "related content" lists: one query per source for both the theme and the territory lists
    with django_assert_max_num_queries(38):
        response = client.get(page.url)
    assert response.status_code == 200
    html = soup(response)
    related = {block["aria-label"]: len(block.select("ul a")) for block in html.select(".related-list")}
    assert {"Agenda", "Publications", "Actualités", "Acteurs", "Base documentaire"} <= set(related)
    assert related["Agenda"] == related["Publications"] == RELATED_PER_SOURCE
    assert html.h1.get_text(strip=True) == "Participation des habitant·es et quartiers populaires"
    assert "Actes" in html.select_one(".publication-kind").get_text()
    authors = html.select_one(".publication-authors").get_text()
    assert "Pôle ressources ville et développement social" in authors and "Ressources Urbaines" in authors
    assert [link.get_text() for link in html.select(".publication-files a")] == ["Actes (PDF)"]
    assert "Notes internes" not in response.content.decode()
    assert html.select_one(".publication-tags a[href*='theme=Sant']").get_text() == "Santé"
    assert html.select_one(".publication-notice a")["href"].startswith("/base-documentaire/notices/")


def test_publication_page_queries_do_not_grow_with_authors_and_files(client, index, vocabulary, acteur):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(title, count):
        files = [PublicationFichier(fichier=make_file(f"{title} {n}")) for n in range(count)]
        authors = [PublicationAuteur(acteur=acteur)] + [PublicationAuteur(nom=f"Auteur {n}") for n in range(count)]
        return make_publication(index, title, themes=[vocabulary["sante"]], auteurs=authors, fichiers=files)

    def render(page):
        client.get(page.url)  # warm the per-process caches (site root paths, settings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    small, large = make("Une pièce", 1), make("Six pièces", 6)  # each lists the other as related
    assert render(small) == render(large)


def test_podcast_page_plays_audio_and_shows_transcript(client, index, django_assert_max_num_queries):
    audio = make_file("Épisode 1", name="episode.wav", content=b"RIFF0000WAVE")
    page = make_publication(index, "Priorité aux quartiers", kind="podcast", audio=audio,
                            transcript="<p>Bienvenue dans ce podcast.</p>")
    with django_assert_max_num_queries(23):
        response = client.get(page.url)
    html = soup(response)
    assert html.select_one(".publication-audio audio")["src"] == audio.url
    assert html.select_one(".publication-audio a[download]")["href"] == audio.url
    assert "Bienvenue dans ce podcast." in html.select_one(".publication-transcript").get_text()


def test_video_page_links_to_the_replay_when_it_cannot_be_embedded(client, index, django_assert_max_num_queries):
    page = make_publication(index, "Replay du webinaire", kind="video", video_url="https://example.org/replay")
    with django_assert_max_num_queries(23):
        response = client.get(page.url)
    assert response.status_code == 200
    assert soup(response).select_one(".publication-video a[href='https://example.org/replay']")


def test_fiche_experience_follows_the_fiche_type(client, index, vocabulary, acteur, django_assert_max_num_queries):
    page = make_publication(
        index, "La coopérative nutrition de l'Est du Val-d'Oise", model=FicheExperiencePage,
        porteur=acteur, contact=acteur, contact_service="Mission santé", territoires=[vocabulary["montpellier"]],
        date_debut=datetime.date(2023, 3, 1), date_fin=datetime.date(2024, 6, 30),
        contexte="<p>Obésité et diabète.</p>", deroulement="<p>Défis culinaires.</p>",
        objectifs="<p>Coconstruire.</p>", bilan="<p>Évaluation partagée.</p>")
    assert page.kind == "fiche_experience"
    with django_assert_max_num_queries(32):
        response = client.get(page.url)
    html = soup(response)
    assert [h2.get_text() for h2 in html.select("article h2")][:4] == ["Contexte", "Déroulement", "Objectifs",
                                                                      "Bilan"]
    facts = html.select_one(".publication-facts").get_text(" ", strip=True)
    assert "Pôle ressources ville et développement social" in facts and "Montpellier (34)" in facts
    assert "1 mars 2023" in facts and "30 juin 2024" in facts
    contact = html.select_one(".publication-contact").get_text(" ", strip=True)
    assert "Mission santé" in contact and "contact@example.org" in contact


def test_newsletter_archive_lists_issues_by_year(client, newsletter, django_assert_max_num_queries):
    make_publication(newsletter, "Parole habitante", model=LettreInformationPage, numero=1,
                     date=datetime.date(2023, 11, 6))
    make_publication(newsletter, "Observer les quartiers", model=LettreInformationPage, numero=2,
                     date=datetime.date(2024, 1, 8))
    make_publication(newsletter, "Brouillon", model=LettreInformationPage, numero=3, publish=False)
    with django_assert_max_num_queries(17):
        response = client.get(newsletter.url)
    html = soup(response)
    assert [h3.get_text() for h3 in html.select(".newsletter-archive h3")] == ["2024", "2023"]
    issues = [link.get_text(" ", strip=True) for link in html.select(".newsletter-issues a")]
    assert issues == ["N° 2 : Observer les quartiers", "N° 1 : Parole habitante"]


def test_newsletter_issue_page_names_its_newsletter_within_query_budget(client, newsletter,
                                                                         django_assert_max_num_queries):
    issue = make_publication(newsletter, "Parole habitante", model=LettreInformationPage, numero=12,
                             body=[{"type": "paragraph", "value": "<p>Le séminaire est en ligne.</p>"}])
    with django_assert_max_num_queries(24):
        response = client.get(issue.url)
    html = soup(response)
    assert "Résonances n° 12" in html.select_one(".publication-header .meta").get_text()
    assert "Le séminaire est en ligne." in html.article.get_text()


def test_html_typed_in_fields_is_escaped(client, index, acteur):
    page = make_publication(index, "<script>alert('titre')</script>", resume="<b>gras</b><script>x()</script>",
                            auteurs=["<img src=x onerror=alert(1)>"])
    body = client.get(page.url).content.decode()
    assert "<script>alert('titre')</script>" not in body
    assert "&lt;script&gt;alert(&#x27;titre&#x27;)&lt;/script&gt;" in body
    assert "<img src=x" not in body and "<b>gras</b>" not in body


@pytest.mark.parametrize("fields, field, message", [
    ({"kind": "podcast"}, "audio", "Un podcast a besoin de son fichier audio."),
    ({"kind": "podcast"}, "transcript", "Un podcast a besoin de sa transcription."),
    ({"kind": "video"}, "video_url", "Une vidéo a besoin de l'adresse de la vidéo ou du replay."),
])
def test_incomplete_podcast_or_video_is_refused_in_french(db, fields, field, message):  # a page reads its content type
    with pytest.raises(ValidationError) as error:
        PublicationPage(title="Sans média", slug="sans-media", **fields).clean()
    assert message in error.value.message_dict[field]


def test_private_audio_is_refused(db):
    page = PublicationPage(title="Podcast", slug="podcast", kind="podcast", transcript="<p>Texte</p>",
                           audio=make_file("Brut", prive=True, name="brut.wav"))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Ce fichier audio est privé : le public ne pourrait pas l'écouter." in error.value.message_dict["audio"]


def test_fiche_end_date_before_start_is_refused(db):
    page = FicheExperiencePage(title="Fiche", slug="fiche", date_debut=datetime.date(2024, 1, 1),
                               date_fin=datetime.date(2023, 1, 1))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict["date_fin"] == ["La date de fin ne doit pas précéder la date de début."]


def test_author_needs_a_name_or_an_actor(db):
    with pytest.raises(ValidationError) as error:
        PublicationAuteur(nom="  ").clean()
    assert error.value.message_dict["nom"] == ["Indiquez le nom de l'auteur ou choisissez un acteur."]
