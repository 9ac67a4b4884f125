"""The « Statistiques de recherche » admin: documentalists only, the period's figures, one query's opened
notices, the weekly chart with its table, and a query without result made a synonym of a thème."""
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.utils import timezone

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.models import Theme
from search.engines.base import SearchQuery
from statistiques.models import Consultation, Recherche
from statistiques.recording import record_search

from .conftest import ADMIN


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def table_rows(response, table_id):
    table = soup(response).find("table", id=table_id)
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in table.select("tbody tr")] if table else []


@pytest.fixture
def figures(db, vocabulary, contributeurs):  # noqa: ARG001
    """Searches of today and of three weeks ago, one of them with a notice opened."""
    from tests.base_documentaire.conftest import make_notice

    notice = make_notice("Santé mentale", themes=[vocabulary["sante"]])
    today = timezone.localdate()
    for _ in range(3):
        record_search("Santé", {}, 4)
    record_search("sante ", {"territoire": ["Occitanie"]}, 2)
    record_search("renouvelement urbin", {}, 0)
    record_search("renouvelement urbin", {}, 0, day=today - timezone.timedelta(days=21))
    record_search("logement", {}, 3)
    record_search("", {"theme": ["Santé"]}, 1)
    counter = Recherche.objects.get(texte="Santé")
    Consultation.objects.create(recherche=counter, notice=notice, ouvertures=2)
    return {"notice": notice}


def test_documentalists_see_the_figures_of_the_period(client, documentalist, figures):
    client.force_login(documentalist)
    response = client.get(ADMIN)
    assert response.status_code == 200
    page = soup(response)
    assert page.find(id="stats-total").get_text(strip=True) == "8"
    assert page.find(id="stats-zero").get_text(" ", strip=True) == "2 (25,0 %)"
    assert table_rows(response, "stats-top")[0][:4] == ["sante", "4", "0", "2"]
    assert [row[:2] for row in table_rows(response, "stats-zero-results")] == [["renouvelement urbin", "2"]]
    assert [row[0] for row in table_rows(response, "stats-never-opened")] == ["logement"]
    assert ["theme", "Santé", "1"] in table_rows(response, "stats-facets")
    assert ["territoire", "Occitanie", "1"] in table_rows(response, "stats-facets")
    assert "Statistiques de recherche" in response.content.decode()


def test_the_weekly_chart_is_an_svg_with_its_data_table(client, documentalist, figures):
    client.force_login(documentalist)
    response = client.get(ADMIN)
    svgs = soup(response).select(".stats-chart svg[role=img]")
    assert len(svgs) == 2 and all(svg.find("title").get_text() for svg in svgs)
    weeks = table_rows(response, "table-recherches")
    assert len(weeks) == 2 and sum(int(row[1]) for row in weeks) == 8
    shares = table_rows(response, "table-sans-resultat")
    assert shares[0][1] == "100,0 %"  # three weeks ago: the one search found nothing
    assert len(svgs[0].find_all("rect")) == 2


def test_a_period_narrows_the_figures_and_bad_dates_get_a_french_message(client, documentalist, figures):
    client.force_login(documentalist)
    today = timezone.localdate()
    response = client.get(ADMIN, {"du": today.isoformat(), "au": today.isoformat()})
    assert soup(response).find(id="stats-total").get_text(strip=True) == "7"
    response = client.get(ADMIN, {"du": "hier", "au": today.isoformat()})
    assert response.status_code == 200
    assert "Saisissez une date valide." in response.content.decode()
    assert soup(response).find(id="stats-total").get_text(strip=True) == "8"  # the default period
    response = client.get(ADMIN, {"du": today.isoformat(), "au": "2020-01-01"})
    assert "La date de fin ne doit pas précéder la date de début." in response.content.decode()


def test_one_query_lists_the_notices_opened_from_it(client, documentalist, figures):
    client.force_login(documentalist)
    link = soup(client.get(ADMIN)).find("table", id="stats-top").find("a")["href"]
    response = client.get(link)
    assert response.status_code == 200
    assert table_rows(response, "stats-opened") == [["Santé mentale", "2"]]
    assert soup(response).find(id="stats-query-total").get_text(strip=True) == "4"


def test_partners_never_see_the_statistics(client, partner, figures):
    partner.user_permissions.add(Permission.objects.get(codename="view_recherche"))
    client.force_login(partner)
    assert client.get(ADMIN).status_code in (302, 403)
    assert client.get(f"{ADMIN}synonyme/").status_code in (302, 403)
    home = client.get("/admin/")
    assert "statistiques-de-recherche" not in home.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, figures):
    response = client.get(ADMIN)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_menu_shows_the_statistics_to_documentalists(client, documentalist):
    client.force_login(documentalist)
    assert ADMIN in client.get("/admin/").content.decode()


def test_a_query_without_result_becomes_a_synonym_of_a_theme(client, documentalist, figures, vocabulary):
    client.force_login(documentalist)
    link = soup(client.get(ADMIN)).find("table", id="stats-zero-results").find("a", class_="button")["href"]
    form = client.get(link)
    assert soup(form).find("input", attrs={"name": "synonyme"})["value"] == "renouvelement urbin"
    response = client.post(f"{ADMIN}synonyme/", {"synonyme": "renouvelement urbin", "theme": vocabulary["sante"].pk})
    assert response.status_code == 302
    assert Theme.objects.get(pk=vocabulary["sante"].pk).synonymes == "renouvelement urbin"
    messages = client.get(response["Location"]).content.decode()
    assert "« renouvelement urbin » est désormais un synonyme du thème « Santé »" in messages


@pytest.mark.parametrize("text, theme_key, message", [
    ("QPV", "sante", "« QPV » est déjà un libellé ou un synonyme du thème « Quartiers prioritaires »."),
    ("  ", "sante", "Champ requis."),
    ("santé", "emploi", "« santé » est déjà un libellé ou un synonyme du thème « Santé »."),
    ("x" * 201, "sante", "Assurez-vous que cette valeur comporte au plus 200 caractères"),
])
def test_a_bad_synonym_gets_a_french_message_and_changes_nothing(client, documentalist, vocabulary, text,
                                                                  theme_key, message):
    client.force_login(documentalist)
    before = list(Theme.objects.order_by("pk").values_list("synonymes", flat=True))
    response = client.post(f"{ADMIN}synonyme/", {"synonyme": text, "theme": vocabulary[theme_key].pk})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Theme.objects.order_by("pk").values_list("synonymes", flat=True)) == before


def test_an_unknown_theme_gets_a_french_message(client, documentalist, vocabulary):
    client.force_login(documentalist)
    response = client.post(f"{ADMIN}synonyme/", {"synonyme": "tiers-lieux", "theme": "999999"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide." in response.content.decode()


def test_the_new_synonym_reaches_the_search_engines(client, documentalist, notices, vocabulary,
                                                    search_index, django_capture_on_commit_callbacks):
    def found(text):
        return [hit.id for hit in search_index.search(notice_schema(), SearchQuery(text=text)).hits]

    assert found("cites educatives") == []
    client.force_login(documentalist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN}synonyme/", {"synonyme": "Cités éducatives",
                                                      "theme": vocabulary["emploi"].pk})
    assert response.status_code == 302
    indexing.sync(refresh=True)
    assert found("cites educatives") == [str(notices["emploi"].pk)]


def test_the_period_fields_show_the_period_shown(client, documentalist, figures):
    client.force_login(documentalist)
    today = timezone.localdate()
    page = soup(client.get(ADMIN))
    assert page.find("input", attrs={"name": "au"})["value"] == today.isoformat()
    assert page.find("input", attrs={"name": "du"})["value"] == (today - timezone.timedelta(days=90)).isoformat()
