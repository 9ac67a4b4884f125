"""Territory aliases: "Garges les Gonesse" is recognised by the imports as the territory it names
once a documentalist has said so, by typing the alias or by mapping a candidate; a territory
candidate is created from the level and the official code the documentalist gives."""
import pytest
from bs4 import BeautifulSoup

from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice, TermeCandidat, Territoire
from base_documentaire.vocabulary import VocabularyLookup
from search.analysis import analyse

ADMIN = "/admin/snippets/base_documentaire/termecandidat/"
HEADER = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf"


@pytest.fixture
def val_d_oise(db):
    departement = Territoire.objects.create(niveau="departement", code="95", nom="Val-d'Oise")
    garges = Territoire.objects.create(niveau="commune", code="95268", nom="Garges-lès-Gonesse")
    garges.parents.set([departement])
    sarcelles = Territoire.objects.create(niveau="commune", code="95585", nom="Sarcelles")
    sarcelles.parents.set([departement])
    return {"departement": departement, "garges": garges, "sarcelles": sarcelles}


def import_rows(tmp_path, *rows, name="notices.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    centre, _ = Contributeur.objects.get_or_create(code="crpv", defaults={"nom": "CRPV"})
    return import_file(path, contributeur=centre)


def test_an_alias_is_recognised_as_its_territory(val_d_oise):
    garges = val_d_oise["garges"]
    garges.synonymes = "Garges les Gonesse\n  \nGARGES"
    garges.save()
    lookup = VocabularyLookup()
    assert lookup.territory("garges les gonesse") == garges
    assert lookup.territory("Garges") == garges  # case and accents folded, blank lines ignored
    assert lookup.territory("Garges-lès-Gonesse (95)") == garges  # the label still
    assert lookup.territory("Gonesse") is None


def test_an_alias_never_hides_another_territory_label_code_or_name(val_d_oise):
    qpv = Territoire.objects.create(niveau="qpv", code="QN09512M", nom="Dame Blanche")
    val_d_oise["garges"].synonymes = "Sarcelles\nSarcelles (95)\nQN09512M\nVal-d'Oise"
    val_d_oise["garges"].save()
    lookup = VocabularyLookup()
    assert lookup.territory("Sarcelles (95)") == val_d_oise["sarcelles"]  # a label
    assert lookup.territory("Sarcelles") == val_d_oise["sarcelles"]  # a name borne by one territory
    assert lookup.territory("qn09512m") == qpv  # a QPV's code
    assert lookup.territory("Val-d'Oise") == val_d_oise["departement"]


def test_an_alias_resolves_a_name_borne_by_two_territories(db):
    Territoire.objects.create(niveau="commune", code="75056", nom="Paris")
    departement = Territoire.objects.create(niveau="departement", code="75", nom="Paris", synonymes="Paris")
    assert VocabularyLookup().territory("paris") == departement


def test_imports_match_the_alias(val_d_oise, tmp_path):
    val_d_oise["garges"].synonymes = "Garges les Gonesse"
    val_d_oise["garges"].save()
    report = import_rows(tmp_path, "G1,Diagnostic en marchant,,rapport,,2023,,Garges les Gonesse,fre,")
    notice = Notice.objects.get(external_id="G1")
    assert list(notice.territoires.all()) == [val_d_oise["garges"]]
    assert notice.pending_labels() == [] and report.rejected == []
    assert not TermeCandidat.objects.exists()


@pytest.fixture
def garges_candidate(val_d_oise, tmp_path, embedded_index, documentary_page):
    """Two imported notices carry the unknown label "Garges les Gonesse"."""
    import_rows(tmp_path, "G1,Diagnostic en marchant,,rapport,,2023,,Garges les Gonesse,fre,",
                "G2,Jardins de la Muette,,rapport,,2024,,Garges les Gonesse | Sarcelles (95),fre,")
    return TermeCandidat.objects.get(vocabulaire="territoire")


def test_mapping_a_territory_candidate_records_the_alias_and_updates_the_notices(garges_candidate, val_d_oise,
                                                                                 admin_client, tmp_path):
    garges = val_d_oise["garges"]
    html = BeautifulSoup(admin_client.get(f"{ADMIN}map/{garges_candidate.pk}/").content, "html.parser")
    for name in ("terme", "parents"):  # the territories are searched, never all listed
        select = html.find("select", attrs={"name": name})
        assert select["data-controller"] == "territory-autocomplete"
        assert [option.get_text() for option in select.find_all("option")] in ([], [""])
    response = admin_client.post(f"{ADMIN}map/{garges_candidate.pk}/", {"terme": garges.pk})
    assert response.status_code == 302
    garges.refresh_from_db()
    assert garges.synonymes == "Garges les Gonesse"
    for key in ("G1", "G2"):
        notice = Notice.objects.get(external_id=key)
        assert garges in notice.territoires.all() and notice.pending_labels() == []
        assert notice.live and garges.pk in notice.latest_revision.content["territoires"]
    assert set(Notice.objects.get(external_id="G2").territoires.all()) == {garges, val_d_oise["sarcelles"]}
    # The next import recognises the label: no candidate again.
    import_rows(tmp_path, "G3,Atelier urbain,,rapport,,2025,,GARGES LES GONESSE,fre,", name="next.csv")
    assert list(Notice.objects.get(external_id="G3").territoires.all()) == [garges]
    assert not TermeCandidat.objects.exists()


def test_promoting_a_territory_candidate_creates_it_with_its_level_and_code(garges_candidate, val_d_oise,
                                                                            admin_client):
    Territoire.objects.filter(pk=val_d_oise["garges"].pk).delete()
    response = admin_client.post(f"{ADMIN}promote/{garges_candidate.pk}/", {
        "niveau": "commune", "code": " 95268 ", "parents": [val_d_oise["departement"].pk]})
    assert response.status_code == 302
    created = Territoire.objects.get(code="95268")
    assert (created.niveau, created.nom) == ("commune", "Garges les Gonesse")
    assert created.libelle == "Garges les Gonesse (95)"
    assert list(created.parents.all()) == [val_d_oise["departement"]]
    for key in ("G1", "G2"):
        notice = Notice.objects.get(external_id=key)
        assert created in notice.territoires.all() and notice.pending_labels() == []
        assert notice.live and not notice.has_unpublished_changes
    assert not TermeCandidat.objects.filter(pk=garges_candidate.pk).exists()
    assert VocabularyLookup().territory("Garges les Gonesse") == created


def errors_after_promoting(admin_client, candidate, data):
    response = admin_client.post(f"{ADMIN}promote/{candidate.pk}/", data)
    assert response.status_code == 200  # the same page, with the errors and what was typed
    assert TermeCandidat.objects.filter(pk=candidate.pk).exists()
    html = BeautifulSoup(response.content, "html.parser")
    return " ".join(node.get_text(" ", strip=True) for node in html.select("[role=alert]"))


def test_promoting_a_territory_needs_its_level_and_code(garges_candidate, admin_client):
    errors = errors_after_promoting(admin_client, garges_candidate, {"niveau": "", "code": ""})
    assert "Choisissez le niveau du territoire." in errors
    assert "Indiquez le code officiel du territoire (code INSEE, code QPV…)." in errors
    errors = errors_after_promoting(admin_client, garges_candidate, {"niveau": "canton", "code": "9501"})
    assert "Sélectionnez un choix valide" in errors
    assert Territoire.objects.count() == 3


def test_promoting_a_territory_refuses_a_code_already_used(garges_candidate, admin_client):
    errors = errors_after_promoting(admin_client, garges_candidate, {"niveau": "commune", "code": "95268"})
    assert errors == ("Le territoire « Garges-lès-Gonesse (95) » (Commune, code 95268) existe déjà : "
                      "rattachez-lui plutôt le libellé, ou vérifiez le niveau et le code.")
    page = admin_client.post(f"{ADMIN}promote/{garges_candidate.pk}/", {"niveau": "commune", "code": "95268"})
    assert 'value="95268"' in page.content.decode()  # what was typed is kept
    assert Territoire.objects.count() == 3 and Notice.objects.get(external_id="G1").territoires.count() == 0


def test_promoting_a_territory_refuses_a_label_already_used(garges_candidate, admin_client):
    Territoire.objects.create(niveau="commune", code="95999", nom="Garges les Gonesse")
    errors = errors_after_promoting(admin_client, garges_candidate, {"niveau": "commune", "code": "95001"})
    assert "« Garges les Gonesse (95) » (Commune, code 95999) existe déjà" in errors


def test_the_territory_form_edits_the_aliases(val_d_oise, admin_client):
    url = f"/admin/snippets/base_documentaire/territoire/edit/{val_d_oise['garges'].pk}/"
    html = BeautifulSoup(admin_client.get(url).content, "html.parser")
    assert html.find("textarea", attrs={"name": "synonymes"}) is not None
    assert html.find("label", attrs={"for": "id_synonymes"}).get_text(strip=True) == "Autres graphies (alias)"
    response = admin_client.post(url, {"niveau": "commune", "code": "95268", "nom": "Garges-lès-Gonesse",
                                       "synonymes": "Garges les Gonesse", "parents": [val_d_oise["departement"].pk]})
    assert response.status_code == 302
    assert VocabularyLookup().territory("garges les gonesse") == val_d_oise["garges"]


def test_search_needs_no_synonym_for_a_spelling_without_accents_or_hyphens():
    """Why territory aliases are not sent to the engines' synonym lists: the analysers already fold
    accents and cut at hyphens, so the words of both spellings are the same."""
    assert analyse("Garges les Gonesse") == analyse("Garges-lès-Gonesse")
    assert analyse("l'Hay les Roses") == analyse("L'Haÿ-les-Roses")
