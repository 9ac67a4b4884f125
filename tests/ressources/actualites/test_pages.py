"""News index and news item pages: rendering with a query budget, filters, pagination, validation."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from ressources.actualites.models import ActualitePage
from ressources.related import sources

from .conftest import make_news


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def listed_titles(response):
    return [link.get_text(strip=True) for link in soup(response).select(".news-list h3 a")]


@pytest.fixture
def news(index, vocabulary):
    v = vocabulary
    return {
        "rapport": make_news(index, "Rapport d'activité 2023", date=datetime.date(2024, 4, 18),
                             themes=[v["cohesion"]], territoires=[v["occitanie"]]),
        "breve": make_news(index, "Le réseau national officialisé", kind="breve", date=datetime.date(2023, 10, 20),
                           themes=[v["sante"]], territoires=[v["montpellier"]]),
        "lu": make_news(index, "Éclairages sur les révoltes urbaines", kind="lu_vu_entendu",
                        date=datetime.date(2023, 9, 12), themes=[v["emploi"]], territoires=[v["bretagne"]],
                        source_title="Éclairages sur les révoltes urbaines",
                        source_url="https://www.lepoleressources.fr/eclairages-sur-les-revoltes-urbaines/"),
        "appel": make_news(index, "Appel à contributions", kind="appel_projets", date=datetime.date(2024, 3, 4)),
        "brouillon": make_news(index, "Brouillon non publié", kind="breve", date=datetime.date(2024, 5, 1),
                               publish=False),
    }


def test_index_lists_published_news_newest_first_within_query_budget(client, news, index,
                                                                      django_assert_max_num_queries):
    image = Image.objects.create(title="Photo", file=get_test_image_file())
    for number in range(8):
        make_news(index, f"Brève illustrée {number}", kind="breve", date=datetime.date(2022, 1, number + 1),
                  image=image, image_alt="Une photo")
    with django_assert_max_num_queries(30):
        response = client.get(index.url)
    assert response.status_code == 200
    titles = listed_titles(response)
    assert titles[:4] == ["Rapport d'activité 2023", "Appel à contributions", "Le réseau national officialisé",
                          "Éclairages sur les révoltes urbaines"]
    assert "Brouillon non publié" not in titles
    page = soup(response)
    assert len(page.select(".news-list img[alt='Une photo']")) == 8
    assert "12 actualités" in page.find(attrs={"role": "status"}).get_text()


def test_news_item_page_shows_its_source_and_vocabulary_within_query_budget(client, news, index,
                                                                             django_assert_max_num_queries):
    # fixed cost of the page, plus at most 5 queries per "related content" source registered by the apps
    with django_assert_max_num_queries(15 + 2 * len(sources())):
        response = client.get(news["lu"].url)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text() == "Éclairages sur les révoltes urbaines"
    assert "Lu, vu, entendu" in page.select_one(".news-kind").get_text()
    source = page.select_one(".news-source a")
    assert source["href"] == "https://www.lepoleressources.fr/eclairages-sur-les-revoltes-urbaines/"
    theme_link = page.select_one(".news-tags a")
    assert theme_link.get_text() == "Emploi et développement économique"
    assert theme_link["href"].startswith(index.url + "?theme=")


def test_unpublished_news_item_is_not_served(client, news):
    assert client.get("/actualites/brouillon-non-publie/").status_code == 404


def test_html_in_fields_is_escaped(client, index):
    item = make_news(index, "<script>alert(1)</script>", chapo="<b>gras</b>", source_title="<i>Livre</i>",
                     kind="lu_vu_entendu")
    for url in (index.url, item.url):
        content = client.get(url).content
        assert b"<script>alert(1)</script>" not in content
        assert b"<b>gras</b>" not in content
    assert b"&lt;i&gt;Livre&lt;/i&gt;" in client.get(item.url).content


@pytest.mark.parametrize("params, expected", [
    ({"type": "breve"}, ["Le réseau national officialisé"]),
    ({"type": ["breve", "lu_vu_entendu"]}, ["Le réseau national officialisé", "Éclairages sur les révoltes urbaines"]),
    # a broad theme includes its narrower themes (Cohésion sociale > Santé)
    ({"theme": "Cohésion sociale"}, ["Rapport d'activité 2023", "Le réseau national officialisé"]),
    ({"theme": "Santé"}, ["Le réseau national officialisé"]),
    # a région includes its départements and communes (Occitanie > Hérault > Montpellier)
    ({"territoire": "Occitanie"}, ["Rapport d'activité 2023", "Le réseau national officialisé"]),
    ({"territoire": "Bretagne"}, ["Éclairages sur les révoltes urbaines"]),
    ({"annee": "2023"}, ["Le réseau national officialisé", "Éclairages sur les révoltes urbaines"]),
    ({"annee": "2024", "mois": "3"}, ["Appel à contributions"]),
    ({"annee": "2023", "type": "lu_vu_entendu", "theme": "Emploi et développement économique"},
     ["Éclairages sur les révoltes urbaines"]),
])
def test_filters_return_the_right_items(client, news, index, params, expected):
    response = client.get(index.url, params)
    assert response.status_code == 200
    assert listed_titles(response) == expected


def test_filter_choices_offer_used_years_and_broader_vocabulary(client, news, index):
    page = soup(client.get(index.url))
    assert [option["value"] for option in page.select("#id_annee option")] == ["", "2024", "2023"]
    themes = [box["value"] for box in page.select("input[name=theme]")]
    assert "Cohésion sociale" in themes and "Santé" in themes


@pytest.mark.parametrize("params, message", [
    ({"mois": "3", "type": "breve"}, "Choisissez une année pour filtrer par mois."),
    ({"type": "inconnu"}, "Sélectionnez un choix valide"),
    ({"annee": "1850"}, "Sélectionnez un choix valide"),
    ({"theme": "<script>x</script>"}, "Sélectionnez un choix valide"),
])
def test_bad_filters_answer_a_french_message_and_keep_the_selection(client, news, index, params, message):
    response = client.get(index.url, params)
    assert response.status_code == 400
    page = soup(response)
    assert message in page.find(attrs={"role": "alert"}).get_text()
    assert b"<script>x</script>" not in response.content
    if params.get("type") == "breve":
        assert page.select_one("input[name=type][value=breve]").has_attr("checked")
    assert len(listed_titles(response)) == 4  # an invalid selection filters nothing


def test_pagination_keeps_filters_and_tolerates_bad_numbers(client, index):
    for number in range(15):
        make_news(index, f"Brève {number:02}", kind="breve", date=datetime.date(2024, 1, number + 1))
    make_news(index, "Une actualité", date=datetime.date(2024, 2, 1))
    first = client.get(index.url, {"type": "breve"})
    assert len(listed_titles(first)) == 12
    next_link = soup(first).select_one(".pagination a")["href"]
    assert "type=breve" in next_link and "page=2" in next_link
    second = client.get(index.url + next_link)
    assert listed_titles(second) == ["Brève 02", "Brève 01", "Brève 00"]
    assert listed_titles(client.get(index.url, {"type": "breve", "page": "abc"}))[0] == "Brève 14"
    assert listed_titles(client.get(index.url, {"type": "breve", "page": "99"}))[0] == "Brève 02"


def test_lu_vu_entendu_requires_its_source(index):
    page = ActualitePage(title="Un livre", kind="lu_vu_entendu")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "source_title" in error.value.message_dict
    page.source_title = "Le livre"
    index.add_child(instance=page)  # valid once the source is named


def test_admin_refuses_a_lu_vu_entendu_without_source_in_french(admin_client, index):
    url = f"/admin/pages/add/actualites/actualitepage/{index.pk}/"
    response = admin_client.post(url, {"title": "Un livre", "slug": "un-livre", "kind": "lu_vu_entendu",
                                       "date": "2024-03-01", "body-count": "0"})
    assert response.status_code == 200
    assert "dont parle ce « lu, vu, entendu »" in response.content.decode()
    assert not ActualitePage.objects.filter(slug="un-livre").exists()
