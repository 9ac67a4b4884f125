"""/recherche/: Wagtail's page search and the notices, on each engine (embedded, OpenSearch,
Elasticsearch), with the same French analysis for pages as for notices."""
import pytest
from bs4 import BeautifulSoup

from search.settings import page_backend
from tests import services


@pytest.fixture(params=services.engine_params())
def engine(request, db, settings):
    """Notices and pages on one engine, chosen before any page is saved."""
    services.use_engine(settings, request.param)
    return request.param


@pytest.fixture
def site(engine, demo_site):
    return demo_site


def search(client, query, **params):
    services.refresh_page_index()
    return client.get("/recherche/", {"q": query, **params})


def page_titles(response):
    return [a.get_text(strip=True) for a in BeautifulSoup(response.content, "html.parser").select(".search-results h3 a")]


@pytest.mark.parametrize("query", ['"((( OR', "AND NOT (", "NEAR(a b)", '"', "-", "é*", "<script>alert(1)</script>", "x" * 5000])
def test_search_box_never_errors(client, site, query):
    response = search(client, query)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_search_finds_pages_and_counts_in_french(client, site):
    soup = BeautifulSoup(search(client, "rendez-vous").content, "html.parser")
    assert "résultat" in soup.find(attrs={"role": "status"}).get_text()
    assert "Nos rendez-vous" in [a.get_text(strip=True) for a in soup.select(".search-results a")]


def test_search_page_out_of_range_falls_back_to_first(client, site):
    assert search(client, "centre", page="999").status_code == 200
    assert search(client, "centre", page="abc").status_code == 200


@pytest.mark.parametrize("query", ["logements", "LOGEMENT", "ecoles", "l'école", "Écoles", "oeuvre"])
def test_pages_are_analysed_in_french_like_notices(client, site, query):
    """Plurals, accents, elisions and ligatures: the notices' analyser, on pages too."""
    from home.models import StandardPage

    site.add_child(instance=StandardPage(
        title="L'Œuvre des écoles du quartier", slug="oeuvre-ecoles",
        intro="Un logement pour chaque famille.")).save_revision().publish()
    assert page_titles(search(client, query)) == ["L'Œuvre des écoles du quartier"]


@pytest.mark.services
@pytest.mark.parametrize("name", list(services.CLUSTER_ENGINES))
def test_page_search_engine_down_answers_a_french_503(client, db, settings, name):
    services.use_engine(settings, name)
    settings.WAGTAILSEARCH_BACKENDS = {"default": page_backend({**settings.CRPV_SEARCH_ENGINE,
                                                                "URL": "http://127.0.0.1:9", "TIMEOUT": 1})}
    response = client.get("/recherche/", {"q": "logement"})
    assert response.status_code == 503
    alert = BeautifulSoup(response.content, "html.parser").find(attrs={"role": "alert"})
    assert "La recherche est momentanément indisponible" in alert.get_text()


# Pages and notices together ---------------------------------------------------------------------

from base_documentaire import indexing  # noqa: E402
from home.models import StandardPage  # noqa: E402
from tests.base_documentaire.conftest import (contributeurs, make_notice, notices, search_index,  # noqa: E402,F401
                                              vocabulary)

DOWN_ENGINE = {"BACKEND": "search.engines.opensearch.OpenSearchEngine", "URL": "http://127.0.0.1:9",
               "INDEX_PREFIX": "x", "TIMEOUT": 1}


@pytest.fixture
def site_with_notices(search_index, demo_site, notices):
    """The demo site, its documentary page, notices (one a draft) and a page sharing their words."""
    from base_documentaire.models import BaseDocumentairePage

    documentary = demo_site.add_child(instance=BaseDocumentairePage(title="Base documentaire",
                                                                    slug="base-documentaire"))
    documentary.save_revision().publish()
    page = demo_site.add_child(instance=StandardPage(
        title="Précarité et santé mentale", slug="precarite",
        intro="Nos journées sur la précarité dans les quartiers."))
    page.save_revision().publish()
    return {"documentary": documentary, "page": page, "notices": notices}


def sections(response):
    page = BeautifulSoup(response.content, "html.parser")
    pages = [a.get_text(strip=True) for a in page.select("#pages-title ~ .search-results h3 a")]
    notice_links = page.select("#notices-title ~ .doc-results h3 a")
    return page, pages, notice_links


def test_one_query_lists_pages_and_notices_in_two_sections(client, site_with_notices,
                                                           django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        response = search(client, "précarité")
    assert response.status_code == 200
    page, pages, notice_links = sections(response)
    assert pages == ["Précarité et santé mentale"]
    assert [a.get_text() for a in notice_links] == ["Santé mentale et précarité dans les quartiers"]
    assert notice_links[0].find("mark") is not None  # the matched word is highlighted
    notice = site_with_notices["notices"]["sante"]
    assert notice_links[0]["href"] == f"/base-documentaire/notices/{notice.pk}/"
    assert "1 résultat" in page.find(attrs={"role": "status"}).get_text()
    assert "1 notice dans la base documentaire" in page.find(attrs={"role": "status"}).get_text()
    see_all = page.find("a", string=lambda text: text and "dans la base documentaire" in text)
    assert see_all["href"] == "/base-documentaire/?q=pr%C3%A9carit%C3%A9"


def test_notices_section_counts_all_matches_and_links_to_the_documentary_search(client, site_with_notices):
    page, _pages, notice_links = sections(search(client, "quartiers"))
    assert len(notice_links) == 2
    see_all = page.find("a", string=lambda text: text and "dans la base documentaire" in text)
    assert see_all.get_text() == "Voir les 2 notices dans la base documentaire"
    assert see_all["href"] == "/base-documentaire/?q=quartiers"


def test_unpublished_pages_and_notices_never_appear(client, site_with_notices):
    site_with_notices["page"].unpublish()
    site_with_notices["notices"]["sante"].unpublish()
    indexing.sync(refresh=True)
    _page, pages, notice_links = sections(search(client, "précarité"))
    assert pages == [] and notice_links == []
    _page, pages, notice_links = sections(search(client, "brouillon"))
    assert pages == [] and notice_links == []  # the draft notice "Brouillon non publié sur la santé"


@pytest.mark.parametrize("query", ['"((( OR', "", "   ", "x" * 5000, "santé " * 400, "<b>santé</b>"])
def test_hostile_empty_and_huge_queries_answer_normally(client, site_with_notices, query):
    response = search(client, query)
    assert response.status_code == 200
    assert b"<b>sant" not in response.content
    assert not BeautifulSoup(response.content, "html.parser").find(attrs={"role": "alert"})


def test_engine_down_still_lists_pages_and_says_so_in_french(client, site_with_notices, settings):
    settings.CRPV_SEARCH_ENGINE = DOWN_ENGINE
    response = search(client, "précarité")
    assert response.status_code == 200
    page, pages, notice_links = sections(response)
    assert pages == ["Précarité et santé mentale"]
    assert notice_links == []
    assert "ne peut pas être interrogée pour le moment" in page.find(attrs={"role": "alert"}).get_text()


def test_pages_are_paginated_and_the_query_kept(client, site_with_notices):
    home = site_with_notices["page"].get_parent()
    for number in range(12):
        home.add_child(instance=StandardPage(title=f"Précarité {number}", slug=f"precarite-{number}")) \
            .save_revision().publish()
    page, pages, _notice_links = sections(search(client, "précarité"))
    assert len(pages) == 10
    next_link = page.select_one(".pagination a")["href"]
    assert "q=pr%C3%A9carit%C3%A9" in next_link and "page=2" in next_link
    _page, second, notice_links = sections(client.get("/recherche/" + next_link))
    assert len(second) == 3 and not set(second) & set(pages)
    assert len(notice_links) == 1  # the notices section stays on every page


def test_news_items_are_found_among_the_pages(client, site_with_notices):
    from ressources.actualites.models import ActualitePage, ActualitesIndexPage

    index = site_with_notices["page"].get_parent().add_child(
        instance=ActualitesIndexPage(title="Actualités", slug="actualites"))
    index.add_child(instance=ActualitePage(title="Lu, vu, entendu", kind="lu_vu_entendu", source_title="Un rapport",
                                           chapo="Un rapport sur la précarité énergétique."))
    _page, pages, notice_links = sections(search(client, "précarité"))
    assert "Lu, vu, entendu" in pages and len(notice_links) == 1


def test_pages_restricted_to_logged_in_users_never_appear(client, site_with_notices):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=site_with_notices["page"], restriction_type="login")
    _page, pages, _notice_links = sections(search(client, "précarité"))
    assert pages == []


def test_rebuild_index_recreates_the_pages_index_in_french(client, site):
    """On a new cluster, rebuild_index creates Wagtail's indices too, with the French analysis."""
    from io import StringIO

    from django.core.management import call_command

    from home.models import StandardPage

    site.add_child(instance=StandardPage(title="Logement des étudiants", slug="logement")).save_revision().publish()
    services.reset_page_index()  # as on a cluster that has never seen the site
    output = StringIO()
    call_command("rebuild_index", stdout=output)
    assert "Pages, images et fichiers indexés" in output.getvalue()
    assert page_titles(search(client, "logements etudiant")) == ["Logement des étudiants"]


@pytest.mark.parametrize("prefix", ["éco", "eco", "l'éco", "ÉCOLE", "logem"])
def test_page_autocomplete_folds_accents_and_elisions(site, prefix):
    """Wagtail's autocomplete (the admin's page choosers) completes folded prefixes on every engine."""
    from wagtail.models import Page

    from home.models import StandardPage

    site.add_child(instance=StandardPage(title="L'École du logement", slug="ecole")).save_revision().publish()
    services.refresh_page_index()
    assert "L'École du logement" in [page.title for page in Page.objects.live().autocomplete(prefix)]
