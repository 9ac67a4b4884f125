"""The publications listing: filters (kind, thème, territoire, year), pagination, RSS feed, and the
queries other apps use."""
import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from ressources.annuaire.models import Acteur
from ressources.publications.models import FicheExperiencePage, LettreInformationPage, PublicationAuteur
from ressources.publications.queries import latest_publications, publications_for_acteur
from ressources.related import related_content

from .conftest import make_publication
from .test_pages import make_file


def listed_titles(response):
    return [link.get_text(strip=True)
            for link in BeautifulSoup(response.content, "html.parser").select(".publication-list h3 a")]


@pytest.fixture
def acteur(db):
    return Acteur.objects.create(nom="RésO Villes")


@pytest.fixture
def publications(index, newsletter, vocabulary, acteur):
    v = vocabulary
    return {
        "actes": make_publication(index, "Actes de la journée emploi", kind="actes", date=datetime.date(2021, 5, 3),
                                  themes=[v["emploi"]], territoires=[v["bretagne"]],
                                  auteurs=[PublicationAuteur(acteur=acteur)]),
        "guide": make_publication(index, "Guide égalité", kind="guide", date=datetime.date(2023, 2, 1),
                                  themes=[v["cohesion"]], territoires=[v["occitanie"]]),
        "fiche": make_publication(index, "Fiche santé mentale", model=FicheExperiencePage,
                                  date=datetime.date(2023, 9, 1), themes=[v["sante"]],
                                  territoires=[v["montpellier"]], porteur=acteur),
        "lettre": make_publication(newsletter, "Résonances n° 1", model=LettreInformationPage, numero=1,
                                   date=datetime.date(2024, 1, 10), themes=[v["qpv"]]),
        "brouillon": make_publication(index, "Brouillon", kind="guide", date=datetime.date(2024, 3, 1),
                                      themes=[v["sante"]], publish=False),
    }


def test_listing_shows_published_publications_newest_first_within_query_budget(
        client, index, publications, django_assert_max_num_queries):
    cover = Image.objects.create(title="Couverture", file=get_test_image_file())
    for number in range(6):
        make_publication(index, f"Étude illustrée {number}", kind="etude", date=datetime.date(2020, 1, number + 1),
                         cover=cover, cover_alt="Couverture de l'étude")
    with django_assert_max_num_queries(32):  # the cover's rendition is created on this first view
        response = client.get(index.url)
    assert response.status_code == 200
    assert listed_titles(response)[:4] == ["Résonances n° 1", "Fiche santé mentale", "Guide égalité",
                                           "Actes de la journée emploi"]
    html = BeautifulSoup(response.content, "html.parser")
    assert len(html.select(".publication-list img[alt=\"Couverture de l'étude\"]")) == 6
    assert "10 publications" in html.find(attrs={"role": "status"}).get_text()
    assert html.select_one(".publication-newsletters a").get_text() == "Résonances"


@pytest.mark.parametrize("params, expected", [
    ({"type": "guide"}, ["Guide égalité"]),
    ({"type": ["actes", "fiche_experience"]}, ["Fiche santé mentale", "Actes de la journée emploi"]),
    ({"type": "lettre"}, ["Résonances n° 1"]),
    ({"theme": "Cohésion sociale"}, ["Fiche santé mentale", "Guide égalité"]),  # broader theme includes Santé
    ({"territoire": "Occitanie"}, ["Fiche santé mentale", "Guide égalité"]),  # région includes its communes
    ({"territoire": "Bretagne"}, ["Actes de la journée emploi"]),
    ({"annee": "2023"}, ["Fiche santé mentale", "Guide égalité"]),
    ({"annee": "2023", "theme": "Santé"}, ["Fiche santé mentale"]),
])
def test_filters_return_the_right_publications(client, index, publications, params, expected):
    response = client.get(index.url, params)
    assert response.status_code == 200
    assert listed_titles(response) == expected


def test_bad_filters_answer_in_french_and_list_everything(client, index, publications):
    response = client.get(index.url, {"annee": "1850", "type": "roman"})
    assert response.status_code == 400
    alert = BeautifulSoup(response.content, "html.parser").find(attrs={"role": "alert"}).get_text()
    assert "Sélectionnez un choix valide" in alert
    assert len(listed_titles(response)) == 4


def test_listing_paginates(client, index, db):
    for number in range(14):
        make_publication(index, f"Dossier {number:02d}", date=datetime.date(2022, 1, number + 1))
    first, second = client.get(index.url), client.get(index.url, {"page": "2"})
    assert len(listed_titles(first)) == 12 and len(listed_titles(second)) == 2
    assert listed_titles(client.get(index.url, {"page": "abc"})) == listed_titles(first)


def test_rss_feed_lists_publications_and_honours_filters(client, index, publications):
    feed = feedparser.parse(client.get(f"{index.url}flux/").content)
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == ["Résonances n° 1", "Fiche santé mentale", "Guide égalité",
                                                       "Actes de la journée emploi"]
    assert feed.entries[1].link.endswith(publications["fiche"].url)
    filtered = feedparser.parse(client.get(f"{index.url}flux/", {"type": "guide"}).content)
    assert [entry.title for entry in filtered.entries] == ["Guide égalité"]
    assert "guide" in filtered.feed.title.lower()


def test_rss_feed_gives_podcasts_their_audio_enclosure(client, index):
    audio = make_file("Épisode", name="episode.mp3", content=b"ID3 demo")
    make_publication(index, "Priorité aux quartiers", kind="podcast", audio=audio, transcript="<p>Texte</p>")
    feed = feedparser.parse(client.get(f"{index.url}flux/").content)
    enclosure = feed.entries[0].enclosures[0]
    assert enclosure.href.endswith(audio.url) and enclosure.type == "audio/mpeg"


def test_rss_feed_escapes_html(client, index):
    make_publication(index, "<script>alert(1)</script>", resume="<img src=x onerror=alert(1)>")
    raw = client.get(f"{index.url}flux/").content.decode()
    assert "<script>" not in raw and "<img" not in raw
    assert feedparser.parse(raw).entries[0].title == "<script>alert(1)</script>"


def test_bad_feed_filter_answers_400_in_french(client, index, publications):
    response = client.get(f"{index.url}flux/", {"annee": "abc"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_latest_publications_and_publications_for_acteur(publications, acteur):
    assert [page.title for page in latest_publications(2)] == ["Résonances n° 1", "Fiche santé mentale"]
    assert sorted(page.title for page in publications_for_acteur(acteur)) == ["Actes de la journée emploi",
                                                                              "Fiche santé mentale"]


def test_related_content_lists_publications_on_the_same_theme(publications, vocabulary):
    lists = {related.source.key: related for related in related_content(theme_ids=[vocabulary["cohesion"].pk])}
    assert [item.title for item in lists["publications"].items] == ["Fiche santé mentale", "Guide égalité"]
