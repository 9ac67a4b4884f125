"""RSS of the news index, read back with a real feed parser; one feed per filtered view."""
import datetime

import feedparser
import pytest

from ressources.actualites.models import ActualitePage

from .conftest import make_news


@pytest.fixture
def news(index, vocabulary):
    v = vocabulary
    make_news(index, "Rapport d'activité 2023", date=datetime.date(2024, 4, 18), themes=[v["sante"]],
              chapo="Une année record.")
    make_news(index, "Le réseau national officialisé", kind="breve", date=datetime.date(2023, 10, 20),
              territoires=[v["montpellier"]])
    make_news(index, "Appel à contributions", kind="appel_projets", date=datetime.date(2024, 3, 4),
              themes=[v["emploi"]])
    make_news(index, "Brouillon", kind="breve", date=datetime.date(2024, 5, 1), publish=False)


def read_feed(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return feedparser.parse(response.content)


def test_feed_lists_published_news_newest_first(client, index, news):
    rapport = ActualitePage.objects.get(title="Rapport d'activité 2023")
    feed = read_feed(client, index.url + "flux/")
    assert not feed.bozo
    assert feed.feed.title == "Actualités"
    assert [entry.title for entry in feed.entries] == ["Rapport d'activité 2023", "Appel à contributions",
                                                       "Le réseau national officialisé"]
    first = feed.entries[0]
    assert first.link == "http://testserver" + rapport.url
    assert first.summary == "Une année record."
    assert first.published_parsed[:3] == (2024, 4, 18)
    assert {tag.term for tag in first.tags} == {"Actualité", "Santé"}


@pytest.mark.parametrize("params, titles, title_suffix", [
    ({"type": "breve"}, ["Le réseau national officialisé"], "Brève"),
    ({"theme": "Cohésion sociale"}, ["Rapport d'activité 2023"], "Cohésion sociale"),
    ({"territoire": "Occitanie"}, ["Le réseau national officialisé"], "Occitanie"),
    ({"annee": "2024", "mois": "3"}, ["Appel à contributions"], "mars 2024"),
])
def test_each_filtered_view_has_its_feed(client, index, news, params, titles, title_suffix):
    listing = client.get(index.url, params).content.decode()
    feed = read_feed(client, index.url + "flux/", params)
    assert [entry.title for entry in feed.entries] == titles
    assert feed.feed.title == f"Actualités : {title_suffix}"
    # the listing advertises this very feed, and the feed links back to the filtered listing
    assert 'type="application/rss+xml"' in listing
    assert feed.feed.link.startswith("http://testserver/actualites/?")


def test_feed_with_bad_filters_answers_400_in_french(client, index, news):
    response = client.get(index.url + "flux/", {"mois": "13", "annee": "2024"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
