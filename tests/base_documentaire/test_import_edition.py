"""The edition statement (UNIMARC 205, RIS ET, BibTeX and CSL `edition`, the CSV `edition` column)
and the public note (UNIMARC 300, repeatable): imported, exported, imported back, and shown."""
import csv
import io
import json

import pytest
from django.utils import translation
from pymarc import MARCReader, parse_xml_to_array

from base_documentaire import exporters
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice

from .conftest import make_notice

EDITION = "2e éd. revue et augmentée"
NOTE = "Note de l'éditeur.\n\nBibliographie p. 45-48."


@pytest.fixture(autouse=True)
def clean_index(embedded_index):
    return embedded_index


@pytest.fixture
def notice(db):
    centre = Contributeur.objects.create(code="crpv", nom="CRPV")
    return make_notice("Guide de la participation", contributeur=centre, external_id="E1", annee=2020,
                       edition=EDITION, note_publique=NOTE, editeur="CRPV", type_document="guide")


@pytest.fixture
def partner(db):
    return Contributeur.objects.create(code="partenaire", nom="Centre partenaire")


def exported(notice, format):
    chunks = exporters.export(Notice.objects.filter(pk=notice.pk), format)[0]
    return "".join(chunks) if format in ("ris", "bibtex", "csljson", "csv") else b"".join(chunks)


def test_unimarc_205_and_300_are_exported_and_imported_back(notice, partner, tmp_path):
    data = exported(notice, "unimarc")
    record = next(iter(MARCReader(data, force_utf8=True)))
    assert record["205"]["a"] == EDITION
    assert [field["a"] for field in record.get_fields("300")] == ["Note de l'éditeur.", "Bibliographie p. 45-48."]

    path = tmp_path / "export.mrc"
    path.write_bytes(data)
    report = import_file(path, contributeur=partner)

    copy = Notice.objects.get(contributeur=partner)
    assert report.created == 1 and (copy.edition, copy.note_publique) == (EDITION, NOTE)


def test_marcxml_carries_the_edition_too(notice):
    (record,) = parse_xml_to_array(io.BytesIO(exported(notice, "marcxml")))
    assert record["205"]["a"] == EDITION and len(record.get_fields("300")) == 2


def test_csv_edition_column_exported_and_imported_back(notice, partner, tmp_path):
    text = exported(notice, "csv")
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["edition"] == EDITION
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")

    report = import_file(path, contributeur=partner)

    copy = Notice.objects.get(contributeur=partner)
    assert report.created == 1 and copy.edition == EDITION
    assert copy.note_publique == ""  # the CSV has no note column


def test_ris_et_exported_and_imported_back_and_the_public_note_kept(notice, partner, tmp_path):
    text = exported(notice, "ris")
    assert f"ET  - {EDITION}\r\n" in text
    path = tmp_path / "export.ris"
    path.write_text(text, encoding="utf-8")

    import_file(path, contributeur=partner)
    copy = Notice.objects.get(contributeur=partner)
    assert copy.edition == EDITION

    Notice.objects.filter(pk=copy.pk).update(note_publique="Ajoutée à la main")
    path.write_text(text.replace(EDITION, "3e éd."), encoding="utf-8")
    report = import_file(path, contributeur=partner)
    copy.refresh_from_db()
    assert report.updated == 1 and copy.edition == "3e éd."
    assert copy.note_publique == "Ajoutée à la main"  # RIS N1 is not imported: the note stays


def test_bibtex_and_csl_say_the_edition(notice):
    assert "  edition = {2e éd. revue et augmentée}," in exported(notice, "bibtex")
    assert json.loads(exported(notice, "csljson"))[0]["edition"] == EDITION


def test_a_csv_header_in_french_is_understood(db, partner, tmp_path):
    path = tmp_path / "notices.csv"
    path.write_text("id,titre,mention d'édition\nM1,Titre,Nouvelle édition\n", encoding="utf-8")
    report = import_file(path, contributeur=partner)
    assert report.created == 1 and not report.warnings
    assert Notice.objects.get().edition == "Nouvelle édition"


def test_the_notice_page_shows_the_edition(notice, client, documentary_page):
    with translation.override("fr"):
        response = client.get(f"{documentary_page.url}notices/{notice.pk}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert f"<dt>Édition</dt><dd>{EDITION.replace(chr(39), '&#x27;')}</dd>" in content


def test_the_edit_view_has_the_edition_field(notice, admin_client):
    response = admin_client.get(f"/admin/snippets/base_documentaire/notice/edit/{notice.pk}/")
    assert response.status_code == 200
    assert 'name="edition"' in response.content.decode()
