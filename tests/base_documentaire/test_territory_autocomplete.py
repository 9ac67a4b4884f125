"""Territories are chosen in the admin with a searchable autocomplete: the forms hold only the
territories chosen, and the endpoint finds the others by name (accents, case and hyphens ignored),
official code or alias, in a bounded number of queries whatever the number of territories."""
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.admin.panels import get_edit_handler
from wagtail.snippets.models import get_snippet_models

from base_documentaire.models import Contributeur, Notice, Territoire
from base_documentaire.territory_autocomplete import TerritoriesAutocomplete, TerritoryAutocomplete
from base_documentaire.territory_search import search_key, search_territories
from tests.base_documentaire.conftest import make_notice

ENDPOINT = "/admin/territoires/autocomplete/"
NOTICES = "/admin/snippets/base_documentaire/notice/"


@pytest.fixture
def territories(db):
    made = {
        "idf": Territoire.objects.create(niveau="region", code="11", nom="Île-de-France"),
        "paca": Territoire.objects.create(niveau="region", code="93", nom="Provence-Alpes-Côte d'Azur"),
        "ssd": Territoire.objects.create(niveau="departement", code="93", nom="Seine-Saint-Denis"),
        "vdo": Territoire.objects.create(niveau="departement", code="95", nom="Val-d'Oise"),
        "epci": Territoire.objects.create(niveau="epci", code="200058519", nom="CA Roissy Pays de France"),
        "garges": Territoire.objects.create(niveau="commune", code="95268", nom="Garges-lès-Gonesse",
                                            synonymes="Garges les Gonesse"),
        "sarcelles": Territoire.objects.create(niveau="commune", code="95585", nom="Sarcelles"),
        "saint_denis": Territoire.objects.create(niveau="commune", code="93066", nom="Saint-Denis"),
        "hay": Territoire.objects.create(niveau="commune", code="94038", nom="L'Haÿ-les-Roses"),
        "oeuvre": Territoire.objects.create(niveau="commune", code="99999", nom="Œuvre-sur-Marne"),
        "muette": Territoire.objects.create(niveau="qpv", code="QN09512M", nom="La Muette",
                                            synonymes="Quartier de la Muette"),
    }
    made["garges"].parents.set([made["vdo"], made["epci"]])
    return made


def labels(text, **kwargs):
    return [result["label"] for result in search_territories(text, **kwargs)]


def test_search_key_folds_case_accents_ligatures_hyphens_and_apostrophes():
    assert search_key("  L'Haÿ-les-Roses ") == "l hay les roses"
    assert search_key("ŒUVRE–sur‐Marne (99)") == "oeuvre sur marne 99"


def test_found_by_name_without_accents_case_or_hyphens(territories):
    assert labels("garges les gonesse") == ["Garges-lès-Gonesse (95)"]
    assert labels("GARGES-LES") == ["Garges-lès-Gonesse (95)"]
    assert labels("gonesse garges") == ["Garges-lès-Gonesse (95)"]  # words in any order
    assert labels("ile de france") == ["Île-de-France"]
    assert labels("l hay") == ["L'Haÿ-les-Roses (94)"]
    assert labels("oeuvre") == labels("Œuvre") == ["Œuvre-sur-Marne (99)"]
    assert labels("côte d'azur") == ["Provence-Alpes-Côte d'Azur"]


def test_found_by_official_code(territories):
    assert labels("95268") == ["Garges-lès-Gonesse (95)"]  # INSEE code of a commune
    assert labels("qn09512m") == ["La Muette (QN09512M)"]  # a QPV's code, any case
    assert labels("200058519") == ["CA Roissy Pays de France"]  # SIREN of an EPCI
    # A département number: the territories of that code first (région, then département), then
    # the communes of the département.
    assert labels("93") == ["Provence-Alpes-Côte d'Azur", "Seine-Saint-Denis", "Saint-Denis (93)"]
    assert labels("95")[:1] == ["Val-d'Oise"]


def test_found_by_alias_which_is_shown(territories):
    results = search_territories("quartier muette")
    assert [(r["label"], r["alias"]) for r in results] == [("La Muette (QN09512M)", "Quartier de la Muette")]
    found = search_territories("garges")[0]
    assert found == {"id": territories["garges"].pk, "label": "Garges-lès-Gonesse (95)", "level": "Commune",
                     "code": "95268", "alias": ""}  # found by its label: no alias to show


def test_exact_names_before_longer_ones_and_higher_levels_first(territories):
    assert labels("saint denis") == ["Saint-Denis (93)", "Seine-Saint-Denis"]
    assert labels("denis") == ["Seine-Saint-Denis", "Saint-Denis (93)"]  # no name equal: by level


def test_blank_or_unmatched_text_finds_nothing(territories):
    assert labels("") == labels("   ") == labels("-'") == []
    assert labels("Gotham") == []
    first = labels("e", limit=3)  # the régions first (in the database's order of labels), then a département
    assert sorted(first[:2]) == ["Provence-Alpes-Côte d'Azur", "Île-de-France"] and first[2] == "Seine-Saint-Denis"


def test_the_endpoint_answers_json_for_admin_users_only(territories, admin_client, client):
    response = admin_client.get(ENDPOINT, {"q": "garges les gonesse"})
    assert response.status_code == 200
    assert response.json() == {"results": [{"id": territories["garges"].pk, "label": "Garges-lès-Gonesse (95)",
                                            "level": "Commune", "code": "95268", "alias": ""}]}
    assert client.get(ENDPOINT, {"q": "garges"}).status_code == 302  # to the login page


def bulk_territories(count):
    Territoire.objects.bulk_create(
        Territoire(niveau="commune", code=f"{10000 + n}", nom=f"Commune {n}", libelle=f"Commune {n} ({10 + n % 80})")
        for n in range(count))


def test_the_endpoint_reads_one_query_whatever_the_number_of_territories(territories, admin_client):
    bulk_territories(3000)
    admin_client.get(ENDPOINT, {"q": "x"})  # the session and the user are read once per request
    with CaptureQueriesContext(connection) as few:
        assert len(admin_client.get(ENDPOINT, {"q": "commune 12"}).json()["results"]) == 20
    with CaptureQueriesContext(connection) as territory_queries:
        assert len(search_territories("commune 12")) == 20
    assert len(territory_queries) == 1
    assert len(few) <= 4  # session, user, (permissions) and the one search query


def test_the_notice_form_holds_only_the_chosen_territories(territories, admin_client, documentary_page):
    bulk_territories(3000)
    notice = make_notice("Diagnostic en marchant", territoires=[territories["garges"], territories["muette"]])
    response = admin_client.get(f"{NOTICES}edit/{notice.pk}/")
    html = BeautifulSoup(response.content, "html.parser")
    select = html.find("select", attrs={"name": "territoires"})
    assert select.has_attr("multiple") and select["data-controller"] == "territory-autocomplete"
    assert select["data-territory-autocomplete-url-value"] == ENDPOINT
    options = [(option["value"], option.get_text(), option.has_attr("selected")) for option in select("option")]
    assert options == [(str(territories["garges"].pk), "Garges-lès-Gonesse (95)", True),
                       (str(territories["muette"].pk), "La Muette (QN09512M)", True)]
    assert "Commune 1234 " not in response.content.decode()  # none of the 3,000 other territories
    assert html.find("label", attrs={"for": "id_territoires"}).get_text(strip=True) == "Territoires"
    assert "base_documentaire/territory-autocomplete.js" in response.content.decode()


NOTICE_FORM = {
    "type_document": "rapport", "langue": "fre",
    "auteurs-TOTAL_FORMS": "0", "auteurs-INITIAL_FORMS": "0", "fichiers-TOTAL_FORMS": "0",
    "fichiers-INITIAL_FORMS": "0", "liens-TOTAL_FORMS": "0", "liens-INITIAL_FORMS": "0",
    "exemplaires-TOTAL_FORMS": "0", "exemplaires-INITIAL_FORMS": "0",
}


def test_a_notice_saved_with_the_territories_chosen(territories, admin_client, documentary_page):
    response = admin_client.post(f"{NOTICES}add/", {
        **NOTICE_FORM, "titre": "Atelier urbain", "territoires": [territories["garges"].pk, territories["muette"].pk]})
    assert response.status_code == 302
    notice = Notice.objects.get(titre="Atelier urbain")
    assert set(notice.territoires.all()) == {territories["garges"], territories["muette"]}
    # A territory that does not exist is refused in French, and what was chosen is shown again.
    response = admin_client.post(f"{NOTICES}add/", {
        **NOTICE_FORM, "titre": "Atelier bis", "territoires": [territories["garges"].pk, "999999"]})
    assert response.status_code == 200 and not Notice.objects.filter(titre="Atelier bis").exists()
    html = BeautifulSoup(response.content, "html.parser")
    assert "999999 n’est pas un des choix disponibles" in html.get_text() or "choix valide" in html.get_text()
    select = html.find("select", attrs={"name": "territoires"})
    assert [option.get_text() for option in select("option")] == ["Garges-lès-Gonesse (95)"]


def form_widget(model, field):
    get_snippet_models()  # the snippets' viewsets registered (they give their models an edit handler)
    handler = model.get_edit_handler() if hasattr(model, "get_edit_handler") else get_edit_handler(model)
    return handler.get_form_class().base_fields[field].widget


def test_every_admin_form_choosing_territories_uses_the_autocomplete(db):
    from infodoc.models import DemandeInfoDoc, InfoDocSettings, QuestionReponse
    from ressources.agenda.models import CyclePage, EvenementPage
    from ressources.actualites.models import ActualitePage
    from ressources.annuaire.models import Acteur
    from ressources.publications.models import FicheExperiencePage, PublicationPage
    from ressources.territoires.models import FicheTerritoirePage

    several = [(Notice, "territoires"), (Territoire, "parents"), (InfoDocSettings, "territoires_centre"),
               (QuestionReponse, "territoires"), (EvenementPage, "territoires"), (CyclePage, "territoires"),
               (PublicationPage, "territoires"), (FicheExperiencePage, "territoires"),
               (ActualitePage, "territoires"), (Acteur, "territoires")]
    for model, field in several:
        assert type(form_widget(model, field)) is TerritoriesAutocomplete, model
    for model, field in [(DemandeInfoDoc, "territoire"), (FicheTerritoirePage, "territoire")]:
        assert type(form_widget(model, field)) is TerritoryAutocomplete, model
    # A relation limited to the régions keeps its short list; other relations are left alone.
    region = form_widget(Contributeur, "region")
    assert not isinstance(region, (TerritoryAutocomplete, TerritoriesAutocomplete))
    assert not isinstance(form_widget(Notice, "themes"), TerritoriesAutocomplete)


def test_a_fiche_territoire_form_holds_only_its_territory(territories):
    from ressources.territoires.models import FicheTerritoirePage

    form_class = get_edit_handler(FicheTerritoirePage).get_form_class()
    html = str(form_class(instance=FicheTerritoirePage(territoire=territories["vdo"]))["territoire"])
    soup = BeautifulSoup(html, "html.parser")
    options = [(option["value"], option.get_text()) for option in soup("option")]
    assert options == [("", ""), (str(territories["vdo"].pk), "Val-d'Oise")]
