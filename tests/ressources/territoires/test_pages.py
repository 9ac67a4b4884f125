"""Fiches territoires: rendering with a query budget, what a fiche lists (its territories below it,
never another département's), the QPV list, the chiffres clés table, the index and its filters."""
import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ressources.related import sources
from ressources.territoires.models import DocumentReference

from ..conftest import RELATED_PER_SOURCE, make_notice, populate_related
from .conftest import make_fiche, territory

FICHE_QUERIES = 26  # page, site, breadcrumbs, settings, hierarchy, QPV, fiches, documents, view restrictions
QUERIES_PER_SOURCE = 2  # a related source's list with its total, and its listing page's URL


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def section(response, heading_id):
    return soup(response).find(attrs={"aria-labelledby": heading_id})


def related_titles(response, label):
    lists = soup(response).select(".related-list")
    found = [block for block in lists if block["aria-label"] == label]
    return [link.get_text(strip=True) for link in found[0].select("ul a")] if found else []


CHIFFRES = [("tableau", {
    "legende": "Participations aux actions du Pôle ressources", "annee": 2023,
    "source": "Pôle ressources, rapport d'activité 2023",
    "chiffres": [{"indicateur": "Part des participations", "valeur": "46 %", "precision": "sur 4 693"},
                 {"indicateur": "Territoires engagés dans une CTG", "valeur": "80", "precision": ""}],
})]


@pytest.fixture
def herault(index, territoires):
    return make_fiche(index, territoires["herault"], "L'Hérault", presentation="<p>Département du littoral.</p>",
                      chiffres_cles=CHIFFRES)


@pytest.fixture
def tagged_notices(territoires, documentary_page):
    t = territoires
    return {
        "commune": make_notice("Diagnostic social de Montpellier", territoires=[t["montpellier"]], annee=2021),
        "qpv": make_notice("Mosson : projet de quartier", territoires=[t["mosson"]], annee=2023),
        "departement": make_notice("Contrat de ville de l'Hérault", territoires=[t["herault"]], annee=2024,
                                   type_document="dossier"),
        "autre": make_notice("Pissevin : renouvellement urbain", territoires=[t["pissevin"]], annee=2024),
        "region": make_notice("Occitanie : panorama régional", territoires=[t["occitanie"]], annee=2024),
        "brouillon": make_notice("Brouillon sur la Mosson", territoires=[t["mosson"]], publish=False),
    }


def test_fiche_renders_within_query_budget(client, herault, tagged_notices, index, territoires,
                                           django_assert_max_num_queries):
    """A fixed budget for the fiche itself, plus what each registered related source may spend."""
    make_fiche(index, territoires["mosson"])
    make_fiche(index, territoires["montpellier"], "Montpellier")
    DocumentReference.objects.create(page=herault, notice=tagged_notices["departement"], sort_order=0)
    populate_related(index.get_parent(), [territoires["sante"]], [territoires["mosson"]])
    with django_assert_max_num_queries(FICHE_QUERIES + QUERIES_PER_SOURCE * len(sources())):
        response = client.get(herault.url)
    assert response.status_code == 200
    page = soup(response)
    assert [len(related_titles(response, label)) for label in ("Agenda", "Publications", "Actualités", "Acteurs")] \
        == [RELATED_PER_SOURCE] * 4
    assert page.h1.get_text() == "L'Hérault"
    assert "Département du littoral." in section(response, "fiche-presentation").get_text()
    assert [a.get_text() for a in section(response, "fiche-incluses").select("a")] == ["Montpellier"]


def test_fiche_queries_do_not_grow_with_its_qpv_documents_and_fiches(client, herault, index, territoires,
                                                                     tagged_notices):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(herault.url).status_code == 200
        return len(queries)

    DocumentReference.objects.create(page=herault, notice=tagged_notices["departement"], sort_order=0)
    make_fiche(index, territoires["mosson"])
    count()  # warm the site root paths cache
    before = count()
    for number in range(8):
        quartier = territory("qpv", f"QN0349{number}M", f"Quartier {number}", territoires["montpellier"])
        make_fiche(index, quartier)
        make_fiche(index, territory("commune", f"3490{number}", f"Commune {number}", territoires["herault"]))
        make_notice(f"Notice {number}", territoires=[quartier], annee=2020)
        DocumentReference.objects.create(page=herault, notice=tagged_notices["qpv"], sort_order=number + 1)
    assert count() == before


def test_departement_fiche_lists_notices_of_its_communes_and_qpv_not_another_departement(
        client, herault, tagged_notices):
    response = client.get(herault.url)
    titles = related_titles(response, "Base documentaire")
    assert titles == ["Contrat de ville de l'Hérault", "Mosson : projet de quartier",
                      "Diagnostic social de Montpellier"]
    assert "Pissevin : renouvellement urbain" not in response.content.decode()
    assert "Brouillon sur la Mosson" not in response.content.decode()


def test_region_fiche_lists_everything_below_it(client, index, territoires, tagged_notices):
    occitanie = make_fiche(index, territoires["occitanie"])
    titles = related_titles(client.get(occitanie.url), "Base documentaire")
    assert set(titles) == {"Mosson : projet de quartier", "Contrat de ville de l'Hérault",
                           "Diagnostic social de Montpellier", "Pissevin : renouvellement urbain",
                           "Occitanie : panorama régional"}


def test_qpv_list_links_to_fiches_or_to_the_documentary_search(client, index, herault, territoires,
                                                               documentary_page):
    mosson = make_fiche(index, territoires["mosson"], "Quartier de la Mosson")
    response = client.get(herault.url)
    qpv = section(response, "fiche-qpv")
    assert qpv.h2.get_text() == "2 quartiers prioritaires (QPV)"
    links = {a.get_text(): a["href"] for a in qpv.select("a")}
    assert links == {"Cévennes": "/base-documentaire/?territoire=C%C3%A9vennes+%28QN03403M%29",
                     "Mosson": mosson.url}
    assert "Pissevin" not in qpv.get_text()


def test_a_qpv_fiche_has_no_qpv_list_and_links_to_its_commune(client, index, territoires, documentary_page):
    montpellier = make_fiche(index, territoires["montpellier"])
    mosson = make_fiche(index, territoires["mosson"])
    response = client.get(mosson.url)
    assert section(response, "fiche-qpv") is None
    header = soup(response).select_one(".fiche-territoire header")
    assert header.select_one("a")["href"] == montpellier.url
    assert "QN03404M" in header.get_text()


def test_chiffres_cles_table_is_accessible(client, herault):
    table = section(client.get(herault.url), "fiche-chiffres").table
    assert table.caption.get_text(strip=True) == "Participations aux actions du Pôle ressources (2023)"
    assert [(th.get_text(), th["scope"]) for th in table.thead.select("th")] == [
        ("Indicateur", "col"), ("Valeur", "col"), ("Note", "col")]
    rows = table.tbody.select("tr")
    assert [(row.th.get_text(), row.th["scope"]) for row in rows] == [
        ("Part des participations", "row"), ("Territoires engagés dans une CTG", "row")]
    assert [row.td.get_text() for row in rows] == ["46 %", "80"]
    assert "Source : Pôle ressources, rapport d'activité 2023" in table.find_next("p").get_text()


def test_reference_documents_list_only_published_notices(client, herault, tagged_notices, documentary_page):
    for order, key in enumerate(["departement", "brouillon", "qpv"]):
        DocumentReference.objects.create(page=herault, notice=tagged_notices[key], sort_order=order)
    documents = section(client.get(herault.url), "fiche-documents")
    assert [(a.get_text(), a["href"]) for a in documents.select("a")] == [
        ("Contrat de ville de l'Hérault", documentary_page.notice_url(tagged_notices["departement"])),
        ("Mosson : projet de quartier", documentary_page.notice_url(tagged_notices["qpv"]))]


def test_html_in_fields_is_escaped(client, index, territoires, documentary_page):
    evil = "<script>alert('x')</script>"
    territoires["cevennes"].nom = f"Cévennes {evil}"
    territoires["cevennes"].save()
    make_notice(f"Notice {evil}", territoires=[territoires["mosson"]])
    chiffres = [("tableau", {"legende": f"Légende {evil}", "source": evil, "annee": None,
                             "chiffres": [{"indicateur": evil, "valeur": evil, "precision": evil}]})]
    fiche = make_fiche(index, territoires["herault"], f"Hérault {evil}", chiffres_cles=chiffres)
    html = client.get(fiche.url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    index_html = client.get(index.url).content.decode()
    assert "<script>alert" not in index_html


def test_unpublished_fiche_is_not_served_nor_listed(client, index, territoires):
    draft = make_fiche(index, territoires["gard"], publish=False)
    assert client.get(f"{index.url}gard/").status_code == 404
    assert draft.title not in [a.get_text() for a in soup(client.get(index.url)).select(".fiches-list a")]


class TestIndex:
    @pytest.fixture
    def fiches(self, index, territoires):
        t = territoires
        return [make_fiche(index, t[key]) for key in
                ["mosson", "montpellier", "gard", "occitanie", "herault", "metropole", "bretagne"]]

    def groups(self, response):
        page = soup(response)
        return [(h2.get_text(), [a.get_text() for a in h2.find_next("ul").select("a")])
                for h2 in page.select("section.fiches h2")]

    def test_lists_fiches_grouped_by_level_within_query_budget(self, client, index, fiches,
                                                               django_assert_max_num_queries):
        with django_assert_max_num_queries(16):
            response = client.get(index.url)
        assert response.status_code == 200
        assert self.groups(response) == [
            ("Région", ["Bretagne", "Occitanie"]), ("Département", ["Gard", "Hérault"]),
            ("EPCI", ["Montpellier Méditerranée Métropole"]), ("Commune", ["Montpellier"]),
            ("Quartier prioritaire (QPV)", ["Mosson"])]
        assert "7 fiches territoires" in soup(response).find(attrs={"role": "status"}).get_text()

    def test_filters_by_level_and_by_name_or_code(self, client, index, fiches):
        assert self.groups(client.get(index.url, {"niveau": "departement"})) == [
            ("Département", ["Gard", "Hérault"])]
        assert self.groups(client.get(index.url, {"q": "montpellier"})) == [
            ("EPCI", ["Montpellier Méditerranée Métropole"]), ("Commune", ["Montpellier"])]
        assert self.groups(client.get(index.url, {"q": "QN03404M"})) == [
            ("Quartier prioritaire (QPV)", ["Mosson"])]
        assert self.groups(client.get(index.url, {"q": " HERAULT "})) == [("Département", ["Hérault"])]
        empty = soup(client.get(index.url, {"q": "Atlantis"}))
        assert "Aucune fiche territoire ne correspond à ces filtres." in empty.get_text()

    def test_a_bad_level_is_explained_in_french_and_filters_nothing(self, client, index, fiches):
        response = client.get(index.url, {"niveau": "<b>canton</b>"})
        assert response.status_code == 200
        alert = soup(response).find(attrs={"role": "alert"})
        assert "Sélectionnez un choix valide" in alert.get_text()
        assert "<b>canton</b>" not in response.content.decode()
        assert len(soup(response).select(".fiches-list a")) == 7

    def test_paginates_past_sixty_fiches(self, client, index, territoires):
        from .conftest import territory

        for number in range(62):
            make_fiche(index, territory("commune", f"34{number:03d}", f"Commune {number:02d}", territoires["herault"]))
        second = soup(client.get(index.url, {"page": "2"}))
        assert [a.get_text() for a in second.select(".fiches-list a")] == ["Commune 60", "Commune 61"]
        assert "Page 2 sur 2" in second.select_one(".pagination").get_text()
