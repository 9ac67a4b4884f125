"""UNIMARC exports (ISO 2709 and MARC XML) read back with pymarc, their round trip through the
UNIMARC import, the permalink and files' absolute addresses, and the export views."""
import io

import pytest
from pymarc import MARCReader, parse_xml_to_array

from base_documentaire import exporters
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice, NoticeFichier

from .conftest import stored_pdf
from .test_export import crpv, notices, publish, vocab  # noqa: F401


@pytest.fixture(autouse=True)
def clean_index(search_index):
    return search_index


@pytest.fixture
def site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://crpv.example.org"


def iso_records(notice_set):
    data = b"".join(exporters.export(notice_set, "unimarc")[0])
    return data, list(MARCReader(data, force_utf8=True))


def xml_records(notice_set):
    data = b"".join(exporters.export(notice_set, "marcxml")[0])
    return data, parse_xml_to_array(io.BytesIO(data))


def by_id(records):
    return {record["001"].data: record for record in records}


@pytest.mark.parametrize("read", [iso_records, xml_records])
def test_export_reads_back_with_pymarc(notices, documentary_page, site_address, read):
    _data, records = read(notices.all)
    assert len(records) == 6
    record = by_id(records)["R1"]
    permalink = f"https://crpv.example.org/base-documentaire/notices/{notices.rapport.pk}/"
    assert record["003"].data == permalink
    assert record["100"]["a"][26:30] == "50  "  # UTF-8, declared the UNIMARC way
    assert record["200"].get_subfields("a", "b", "e") == ["Diagnostic santé des quartiers", "Rapport d'étude",
                                                         "Édition 2021"]
    assert (record["210"]["a"], record["210"]["c"], record["210"]["d"]) == ("Montpellier", "ARS Occitanie", "2021")
    assert (record["215"]["a"], record["225"]["a"], record["101"]["a"]) == ("84 p.", "Études régionales", "fre")
    assert [f["a"] for f in record.get_fields("606")] == ["Santé"]
    assert [f["a"] for f in record.get_fields("607")] == ["Montpellier (34)"]  # the label imports find
    assert [f["a"] for f in record.get_fields("610")] == ["jeunesse"]
    authors = [(f.tag, f.get_subfields("a", "b", "4")) for f in record.get_fields("700", "701", "702", "710", "711")]
    assert authors == [("700", ["Dupont", "Jean", "070"]), ("711", ["Agence régionale de santé", "070"]),
                       ("702", ["Bernard", "Paul", "340"])]
    assert [f["u"] for f in record.get_fields("856")] == ["https://ars.example/diag", permalink]
    article = by_id(records)[f"notice-{notices.article.pk}"]
    assert str(article.leader)[6:8] == "aa" and article["011"]["a"] == "0035-2985"


def test_iso2709_leaves_leader_position_9_blank(notices):
    data, records = iso_records(notices.all)
    assert data[9:10] == b" " and data.count(b"\x1d") == 6


def test_files_travel_with_their_absolute_address(notices, site_address):
    public, private = stored_pdf("diag.pdf"), stored_pdf("prive.pdf", prive=True)
    NoticeFichier.objects.create(notice=notices.rapport, fichier=public, sort_order=0)
    NoticeFichier.objects.create(notice=notices.rapport, fichier=private, sort_order=1)
    _data, records = iso_records(notices.all)
    files = [f for f in by_id(records)["R1"].get_fields("856") if f.get("f")]
    name = public.file.name.rsplit("/", 1)[-1]
    assert [(f["u"], f["f"]) for f in files] == [(f"https://crpv.example.org{public.url}", name)]
    assert "prive" not in _data.decode()


@pytest.mark.parametrize("format, name", [("unimarc", "export.mrc"), ("marcxml", "export.xml")])
def test_round_trip_gives_the_same_notices(notices, documentary_page, tmp_path, format, name):
    partner = Contributeur.objects.create(code="partenaire", nom="Partenaire")
    path = tmp_path / name
    path.write_bytes(b"".join(exporters.export(notices.all, format)[0]))

    report = import_file(path, contributeur=partner)

    assert report.format == format
    assert report.created == 6 and not report.rejected and not report.unknown_terms
    attname = Notice._meta.get_field("type_document").attname
    fields = ("titre", "sous_titre", "resume", attname, "annee", "langue", "editeur", "lieu_edition",
              "collection", "collation", "isbn", "issn")
    originals = notices.all.exclude(contributeur=partner)
    for original in originals:
        copy = Notice.objects.get(contributeur=partner, external_id=original.external_id or f"notice-{original.pk}")
        assert [getattr(copy, field) for field in fields] == [getattr(original, field) for field in fields]
        assert [(a.nom, a.nature, a.role) for a in copy.auteurs.all()] == [
            (a.nom, a.nature, a.role) for a in original.auteurs.all()]
        assert set(copy.themes.all()) == set(original.themes.all())
        assert set(copy.territoires.all()) == set(original.territoires.all())
        assert set(copy.mots_cles.names()) == set(original.mots_cles.names())
        assert [link.url for link in copy.liens.all()] == [link.url for link in original.liens.all()]
    again = import_file(path, contributeur=partner)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


def test_search_basket_exports_unimarc(client, notices, documentary_page):
    ids = [notices.rapport.pk, notices.livre.pk]
    response = client.get(f"{documentary_page.url}export/", {"format": "unimarc", "id": ids})
    assert response.status_code == 200 and response["Content-Type"] == "application/marc"
    assert 'filename="selection.mrc"' in response["Content-Disposition"]
    records = list(MARCReader(b"".join(response.streaming_content), force_utf8=True))
    assert sorted(record["001"].data for record in records) == ["L1", "R1"]
    response = client.get(f"{documentary_page.url}notices/{notices.livre.pk}/export/marcxml/")
    assert response.status_code == 200
    assert [record["200"]["a"] for record in parse_xml_to_array(io.BytesIO(b"".join(response.streaming_content)))] == [
        "Habiter les grands ensembles"]


def test_unimarc_export_streams_in_a_bounded_number_of_queries(notices, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        assert len(list(exporters.export(Notice.objects.all(), "unimarc")[0])) == 6
