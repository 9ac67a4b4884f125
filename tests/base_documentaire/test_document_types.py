"""Document types are a vocabulary: the default list, aliases matched folded, the admin, and the one
table of export mappings every exporter reads."""
import json

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from base_documentaire import citation, document_types, exporters, shared_version
from base_documentaire.importers.codes import resolve_type
from base_documentaire.models import Notice, TypeDocument
from reseau.oai import dublin_core

FORMER_CODES = {"actes", "dossier", "fiche_experience", "guide", "synthese", "rapport", "ouvrage", "article", "revue",
                "podcast", "video", "dossier_presse", "bibliographie", "texte_officiel", "kit", "autre"}


@pytest.fixture(autouse=True)
def types_cache_cleared():
    yield
    document_types.clear()


def test_default_list_keeps_the_former_codes_and_adds_a_crpv_base_types(db):
    labels = dict(TypeDocument.objects.values_list("code", "libelle"))
    assert FORMER_CODES <= set(labels)
    assert {labels["recueil"], labels["memoire"], labels["site_web"], labels["numero_revue"]} == {
        "Recueil", "Mémoire, thèse", "Site web", "Numéro de revue"}
    assert labels["rapport"] == "Rapport d'étude" and labels["video"] == "Vidéo"
    assert TypeDocument.objects.get(code="numero_revue").parent.code == "revue"
    ouvrage = TypeDocument.objects.get(code="ouvrage")
    assert (ouvrage.unimarc_type_notice, ouvrage.unimarc_200b) == ("am", "Texte imprimé")


@pytest.mark.parametrize("written, code", [
    ("Rapport d'étude", "rapport"), ("RAPPORT D'ETUDE", "rapport"), ("Study report", "rapport"),
    ("fiche_experience", "fiche_experience"), ("Fiche d’expérience", "fiche_experience"),
    ("BOOK", "ouvrage"), ("RPRT", "rapport"), ("JOUR", "article"), ("Thèse", "memoire"),
    ("Enregistrement sonore non musical", "podcast"), ("Texte imprimé", "ouvrage"), ("Recueil", "recueil"),
    ("Brochure", None), ("", None),
])
def test_types_are_recognised_by_code_label_alias_and_ris_type(db, written, code):
    assert resolve_type(written) == code


def test_an_alias_added_in_the_table_is_matched_by_the_next_lookup(db):
    assert resolve_type("Brochure") is None
    guide = TypeDocument.objects.get(code="guide")
    guide.alias += "\nbrochure"
    guide.save()  # clears the cached table
    assert resolve_type("BROCHURE") == "guide"


def test_every_export_reads_the_one_table(db):
    notice = Notice(pk=1, titre="Un guide", type_document="guide", annee=2020, editeur="ANCT")
    notice.save()
    before = (exporters._ris_record(notice).splitlines()[0], exporters.csl_item(notice)["type"],
              json.loads(citation.json_ld(notice, "https://x.test/"))["@type"])
    assert before == ("TY  - BOOK", "book", "CreativeWork")
    TypeDocument.objects.filter(code="guide").update(
        ris_type="PAMP", bibtex_type="booklet", csl_type="pamphlet", schema_org_type="Guide", dcmi_type="Text")
    document_types.clear()  # an update() sends no signal: as another process's change
    assert exporters._ris_record(notice).splitlines()[0] == "TY  - PAMP"
    assert exporters._bibtex_entry(notice, "k").startswith("@booklet{k,")
    assert exporters.csl_item(notice)["type"] == "pamphlet"
    assert json.loads(citation.json_ld(notice, "https://x.test/"))["@type"] == "Guide"


def test_dublin_core_type_comes_from_the_dcmi_column(db):
    notice = Notice(titre="Une émission", type_document="podcast")
    values = dublin_core.NoticeValues(notice=notice, type_label="Podcast", auteurs=[], themes=[], mots_cles=[],
                                      territoires=[], liens=[])
    parent = etree.Element("metadata")
    dublin_core.metadata_element(parent, values)
    types = [element.text for element in parent.iter("{%s}type" % dublin_core.DC_NS)]
    assert types == ["Podcast", "Sound"]


def test_a_code_string_still_names_a_type(db):
    notice = Notice(titre="Par code", type_document="actes")
    assert notice.type_document_id == "actes" and notice.type_document.libelle == "Actes"
    notice.type_document = "guide"
    assert notice.type_document.libelle == "Guide" and notice.get_type_document_display() == "Guide"


def test_types_are_managed_in_the_admin(admin_client):
    listing = admin_client.get("/admin/snippets/base_documentaire/typedocument/")
    assert listing.status_code == 200 and "Rapport d'étude" in BeautifulSoup(listing.content, "html.parser").get_text()
    response = admin_client.post("/admin/snippets/base_documentaire/typedocument/add/", {
        "libelle": "Affiche", "code": "affiche", "alias": "poster", "ris_type": "ART", "bibtex_type": "misc",
        "csl_type": "graphic", "schema_org_type": "Poster", "dcmi_type": "StillImage",
        "unimarc_type_notice": "km", "unimarc_200b": "Image"})
    assert response.status_code == 302
    assert resolve_type("Poster") == "affiche"
    edit = admin_client.get("/admin/snippets/base_documentaire/notice/add/")
    options = BeautifulSoup(edit.content, "html.parser").select("select[name=type_document] option")
    assert "affiche" in [option["value"] for option in options]


def test_a_type_in_use_cannot_be_deleted(db):
    Notice.objects.create(titre="Notice", type_document="kit")
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        TypeDocument.objects.get(code="kit").delete()


class CountingCache:
    """The site's cache, counting the reads of the types' version (a query on production's database cache)."""

    def __init__(self, real):
        self.real, self.reads = real, 0

    def get(self, key, *args, **kwargs):
        self.reads += key == document_types.VERSION_KEY
        return self.real.get(key, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self.real.set(*args, **kwargs)


def test_another_process_change_is_seen_within_seconds_and_the_version_read_at_most_that_often(db, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(shared_version.time, "monotonic", lambda: clock[0])
    counting = CountingCache(shared_version.cache)
    monkeypatch.setattr(shared_version, "cache", counting)
    assert document_types.label("rapport") == "Rapport d'étude"
    for _notice in range(50):  # a results page shows each notice's type
        document_types.label("rapport")
    assert counting.reads == 1

    # Another process renames the type: its save bumped the shared version (no signal here).
    TypeDocument.objects.filter(code="rapport").update(libelle="Rapport d'études")
    counting.real.set(document_types.VERSION_KEY, "changed elsewhere", timeout=None)
    clock[0] += document_types.CHECK_SECONDS / 2
    assert document_types.label("rapport") == "Rapport d'étude"  # not yet checked again
    clock[0] += document_types.CHECK_SECONDS
    assert document_types.label("rapport") == "Rapport d'études" and counting.reads == 2
