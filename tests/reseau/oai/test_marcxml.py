"""The `marcxml` metadata format beside oai_dc: UNIMARC records in MARC XML, read back with pymarc."""
import io

import pytest
from lxml import etree
from pymarc import parse_xml_to_array

from base_documentaire.models import NoticeAuteur

from .conftest import LIVE, NS, error_codes, identifier, parse_xml

pytestmark = pytest.mark.django_db
MARC_NS = "http://www.loc.gov/MARC21/slim"


def oai(client, **params):
    return parse_xml(client.get("/oai/", params))


def marc_records(root):
    """The pymarc records inside an OAI answer's <metadata> elements."""
    records = []
    for metadata in root.iterfind(".//oai:metadata", NS):
        (record,) = metadata
        assert record.tag == f"{{{MARC_NS}}}record"
        records += parse_xml_to_array(io.BytesIO(etree.tostring(record)))
    return records


def test_list_metadata_formats_offers_marcxml_beside_oai_dc(client, catalogue):
    root = oai(client, verb="ListMetadataFormats")
    assert [node.text for node in root.iterfind(".//oai:metadataPrefix", NS)] == ["oai_dc", "marcxml"]
    assert MARC_NS in [node.text for node in root.iterfind(".//oai:metadataNamespace", NS)]
    assert "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd" in [
        node.text for node in root.iterfind(".//oai:schema", NS)]


def test_get_record_as_unimarc(client, catalogue):
    notice = catalogue["rich"]
    NoticeAuteur.objects.filter(notice=notice, nom__contains=",").update(nature="personne")
    NoticeAuteur.objects.filter(notice=notice, nom="Abel, Ana").update(role="traducteur")
    root = oai(client, verb="GetRecord", identifier=identifier(notice), metadataPrefix="marcxml")
    (record,) = marc_records(root)
    assert record["001"].data == f"notice-{notice.pk}"
    assert record["200"].get_subfields("a", "e") == ["Santé mentale et précarité", "les conseils locaux"]
    assert record["200"]["b"] == "Dossier thématique"
    assert (record["010"]["a"], record["101"]["a"], record["210"]["c"], record["210"]["d"]) == (
        "978-2-11-129847-3", "fre", "VTO", "2019")
    assert record["330"]["a"] == "Les conseils locaux de santé mentale <CLSM> & les quartiers."
    assert [f["a"] for f in record.get_fields("606")] == ["Santé"]
    assert sorted(f["a"] for f in record.get_fields("610")) == ["CLSM", "aller vers"]
    assert [(f.tag, f.get_subfields("a", "b", "4")) for f in record.get_fields("700", "701", "702", "710", "711")] == [
        ("700", ["Dupont", "Jeanne", "070"]), ("711", ["Villes et Territoires Occitanie", "070"]),
        ("702", ["Abel", "Ana", "730"])]
    urls = [f["u"] for f in record.get_fields("856")]
    assert urls[0] == "https://example.org/clsm.pdf" and urls[-1] == record["003"].data
    assert record["003"].data.startswith("http://testserver/") and record["003"].data.endswith(f"/{notice.pk}/")


def test_list_records_pages_marcxml_with_tombstones(client, catalogue):
    root = oai(client, verb="ListRecords", metadataPrefix="marcxml")
    titles = [record["200"]["a"] for record in marc_records(root)]
    token = root.find(".//oai:resumptionToken", NS).text
    while token:
        page = oai(client, verb="ListRecords", resumptionToken=token)
        titles += [record["200"]["a"] for record in marc_records(page)]
        token = page.find(".//oai:resumptionToken", NS).text
    assert sorted(titles) == sorted(catalogue[name].titre for name in LIVE)


def test_unknown_prefix_is_still_refused(client, catalogue):
    root = oai(client, verb="ListRecords", metadataPrefix="marc21")
    assert error_codes(root) == ["cannotDisseminateFormat"]
