"""What the rest of the site uses: related lists, the home page's latest news, the demo content."""
import datetime

import pytest
from bs4 import BeautifulSoup

from ressources.actualites import demo
from ressources.actualites.models import ActualitePage, ActualitesIndexPage
from ressources.actualites.queries import latest_news
from ressources.related import related_content, sources

from .conftest import make_news


def test_news_is_a_registered_related_source(index, vocabulary):
    v = vocabulary
    assert "actualites" in [source.key for source in sources()]
    make_news(index, "Santé mentale : une journée d'échanges", themes=[v["sante"]], date=datetime.date(2024, 1, 5))
    make_news(index, "Emploi des jeunes", themes=[v["emploi"]])
    make_news(index, "Brouillon santé", themes=[v["sante"]], publish=False)
    lists = related_content(theme_ids=[v["cohesion"].pk], only={"actualites"})
    assert len(lists) == 1
    related = lists[0]
    assert [item.title for item in related.items] == ["Santé mentale : une journée d'échanges"]
    assert related.items[0].kind == "Actualité" and related.items[0].date == datetime.date(2024, 1, 5)
    assert related.see_all_url == "/actualites/?theme=Coh%C3%A9sion+sociale"


def test_news_item_page_lists_related_news_but_not_itself(client, index, vocabulary):
    v = vocabulary
    item = make_news(index, "Santé et quartiers", themes=[v["sante"]])
    make_news(index, "Contrats locaux de santé", themes=[v["sante"]])
    page = BeautifulSoup(client.get(item.url).content, "html.parser")
    related = [a.get_text() for a in page.select(".related a")]
    assert "Contrats locaux de santé" in related and "Santé et quartiers" not in related


def test_latest_news_for_the_home_page(index):
    for day in range(1, 6):
        make_news(index, f"Brève {day}", kind="breve", date=datetime.date(2024, 2, day))
    make_news(index, "Brouillon", date=datetime.date(2024, 3, 1), publish=False)
    assert [item.title for item in latest_news(3)] == ["Brève 5", "Brève 4", "Brève 3"]


def test_demo_creates_the_index_and_news_from_the_seeds_once(demo_site, search_index):
    from base_documentaire import demo as documentaire_demo

    documentaire_demo.load(demo_site)
    index = demo.load(demo_site)
    assert index.slug == "actualites" and index.live
    items = ActualitePage.objects.child_of(index).live()
    assert 6 <= items.count() <= 10
    assert {item.kind for item in items} >= {"actualite", "breve", "lu_vu_entendu", "appel_projets"}
    assert all(item.themes.exists() for item in items)
    rapport = items.get(slug="rapport-activite-2023-une-annee-record")
    assert "4 693 présences" in rapport.chapo
    assert {t.libelle for t in rapport.territoires.all()} == {"Val-d'Oise", "Yvelines", "Hauts-de-Seine"}
    # editors' changes survive a second load, and nothing is duplicated
    rapport.title = "Rapport 2023 (modifié)"
    rapport.save_revision().publish()
    demo.load(demo_site)
    assert ActualitesIndexPage.objects.count() == 1
    assert ActualitePage.objects.count() == items.count()
    assert ActualitePage.objects.get(pk=rapport.pk).title == "Rapport 2023 (modifié)"


@pytest.mark.parametrize("path", ["/actualites/", "/actualites/flux/"])
def test_demo_pages_render(client, demo_site, search_index, path):
    from base_documentaire import demo as documentaire_demo

    documentaire_demo.load(demo_site)
    demo.load(demo_site)
    assert client.get(path).status_code == 200
    for item in ActualitePage.objects.live():
        assert client.get(item.url).status_code == 200
