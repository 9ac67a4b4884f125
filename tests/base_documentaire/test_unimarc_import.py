"""UNIMARC import (ISO 2709 and MARC XML, read with pymarc): mapping, character sets, files,
idempotence, the command, and every kind of bad file with its French message."""
import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from base_documentaire.importers import formats, unimarc_format
from base_documentaire.importers.records import ImportFileError
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice, TermeCandidat, Territoire, Theme

from .unimarc_records import field, iso2709, marcxml, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def vocab(db, embedded_index):
    return {
        "qpv": Theme.objects.create(nom="Quartiers prioritaires", synonymes="QPV"),
        "sante": Theme.objects.create(nom="Santé"),
        "gard": Territoire.objects.create(niveau="departement", code="30", nom="Gard"),
    }


@pytest.fixture
def crpv(db):
    return Contributeur.objects.create(code="crpv", nom="CRPV Occitanie")


def full_record(identifier="PMB-1", title="Guide des conseils citoyens du Gard"):
    return record(
        identifier, None,
        field("010", ("a", "978-2-9551234-0-1")), field("011", ("a", "1234-5679")),
        field("101", ("a", "fre"), indicators=("0", " ")),
        field("200", ("a", title), ("e", "bonnes pratiques"), ("b", "Guide"), indicators=("1", " ")),
        field("205", ("a", "2e éd.")),
        field("214", ("a", "Montpellier"), ("c", "Villes et Territoires Occitanie"), ("d", "2019")),
        field("215", ("a", "48 p.")), field("225", ("a", "Les Cahiers"), indicators=("2", " ")),
        field("300", ("a", "Note de l'éditeur")), field("300", ("a", "Bibliogr. p. 45-48")),
        field("330", ("a", "Initiatives locales valorisées.")),
        field("606", ("a", "QPV"), ("x", "Santé")), field("606", ("a", "Jardins partagés")),
        field("607", ("a", "Gard")), field("607", ("a", "Camargue")), field("610", ("a", "conseils citoyens")),
        field("700", ("a", "Durand"), ("b", "Claire"), ("4", "070"), indicators=(" ", "1")),
        field("702", ("a", "Martin"), ("b", "Luc"), ("4", "340"), indicators=(" ", "1")),
        field("711", ("a", "DDCS du Gard"), ("4", "070"), indicators=("0", "2")),
        field("856", ("u", "https://www.villesetterritoires.fr/guide"), indicators=("4", " ")),
        field("856", ("u", "guide-conseils.pdf"), indicators=("4", " ")),
    )


def write(tmp_path, data, name="notices.mrc"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_iso2709_record_mapped_to_the_notice(tmp_path, vocab, crpv):
    files = tmp_path / "fichiers"
    files.mkdir()
    (files / "guide-conseils.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    report = import_file(write(tmp_path, iso2709(full_record())), contributeur=crpv, files_dir=files)
    assert (report.format, report.created, report.rejected) == ("unimarc", 1, [])
    notice = Notice.objects.get(external_id="PMB-1")
    assert (notice.titre, notice.sous_titre, notice.annee) == ("Guide des conseils citoyens du Gard",
                                                              "bonnes pratiques", 2019)
    assert getattr(notice, Notice._meta.get_field("type_document").attname) == "guide"
    assert (notice.isbn, notice.issn, notice.langue) == ("978-2-9551234-0-1", "1234-5679", "fre")
    assert (notice.lieu_edition, notice.editeur) == ("Montpellier", "Villes et Territoires Occitanie")
    assert (notice.collation, notice.collection, notice.resume) == ("48 p.", "Les Cahiers",
                                                                    "Initiatives locales valorisées.")
    # 205 the edition statement, 300 (repeatable) the public note, a paragraph each
    assert (notice.edition, notice.note_publique) == ("2e éd.", "Note de l'éditeur\n\nBibliogr. p. 45-48")
    assert sorted(theme.nom for theme in notice.themes.all()) == ["Quartiers prioritaires", "Santé"]
    assert [territory.nom for territory in notice.territoires.all()] == ["Gard"]
    assert [tag.name for tag in notice.mots_cles.all()] == ["conseils citoyens"]
    assert [(a.nom, a.nature, a.role) for a in notice.auteurs.all()] == [
        ("Durand, Claire", "personne", ""), ("Martin, Luc", "personne", "éditeur scientifique"),
        ("DDCS du Gard", "collectivite", "")]
    assert [link.url for link in notice.liens.all()] == ["https://www.villesetterritoires.fr/guide"]
    assert [link.fichier.file.name.rsplit("/", 1)[-1] for link in notice.fichiers.all()][0].startswith("guide")
    assert report.files_attached == 1
    # unknown labels wait as candidates; every field of the record is taken: no field reported left out
    assert set(report.unknown_terms) >= {("theme", "Jardins partagés"), ("territoire", "Camargue")}
    assert TermeCandidat.objects.filter(libelle="Camargue").exists()
    assert not [message for _line, message in report.warnings if "non importé" in message]


def test_reimport_is_idempotent_on_001(tmp_path, vocab, crpv):
    path = write(tmp_path, iso2709(full_record(), full_record("PMB-2", "Autre guide")))
    assert import_file(path, contributeur=crpv).created == 2
    again = import_file(path, contributeur=crpv)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = write(tmp_path, iso2709(full_record("PMB-2", "Autre guide, révisé")), "v2.mrc")
    assert import_file(changed, contributeur=crpv).updated == 1
    assert Notice.objects.filter(external_id="PMB-2").get().titre == "Autre guide, révisé"
    assert Notice.objects.count() == 2


def test_marcxml_gives_the_same_notice(tmp_path, vocab, crpv):
    report = import_file(write(tmp_path, marcxml(full_record()), "notices.xml"), contributeur=crpv)
    assert (report.format, report.created) == ("marcxml", 1)
    notice = Notice.objects.get(external_id="PMB-1")
    assert notice.sous_titre == "bonnes pratiques" and notice.auteurs.count() == 3


def test_format_detected_by_content_not_only_extension(tmp_path):
    data = iso2709(full_record())
    assert formats.detect_format(write(tmp_path, data, "export.txt")) == "unimarc"
    assert formats.detect_format(write(tmp_path, marcxml(full_record()), "export.dat")) == "marcxml"
    assert formats.detect_format("upload.bin", data) == "unimarc"  # the admin's upload: bytes
    assert formats.detect_format(write(tmp_path, b"id,titre\nN1,Titre\n", "notices.csv")) == "csv"


def test_record_without_title_is_rejected_the_others_kept(tmp_path, vocab, crpv):
    data = iso2709(record("A", "Premier"), record("B", None), record("C", "Troisième"))
    report = import_file(write(tmp_path, data), contributeur=crpv)
    assert report.created == 2
    assert [(r.line, r.external_id) for r in report.rejected] == [(2, "B")]
    assert "200$a" in report.rejected[0].reason and "refusée" in report.rejected[0].reason


def test_latin1_file_is_read(tmp_path, vocab, crpv):
    data = iso2709(record("L1", "Étude sur l'école", field("700", ("a", "Lefèvre"), ("b", "Anne"))),
                   encoding="latin-1")
    data = data.replace(b"y0frey50  ", b"y0frey0103")
    report = import_file(write(tmp_path, data), contributeur=crpv)
    assert report.created == 1, report.rejected
    notice = Notice.objects.get(external_id="L1")
    assert notice.titre == "Étude sur l'école" and notice.auteurs.get().nom == "Lefèvre, Anne"
    assert any("ISO 8859-1" in message for _line, message in report.warnings)


@pytest.mark.parametrize("charset, accented", [
    ("MARC-8", b"\xe2ecole \xe2etude, \xe1a la cit\xe2e"),
    ("ISO 5426", b"\xc2ecole \xc2etude, \xc1a la cit\xc2e"),
])
def test_marc8_and_iso5426_are_refused_with_a_clear_message(tmp_path, vocab, charset, accented):
    data = iso2709(record("M1", "PLACEHOLDER"), encoding="latin-1").replace(b"y0frey50  ", b"y0frey0103")
    data = _replace_value(data, b"PLACEHOLDER", accented)
    with pytest.raises(ImportFileError) as error:
        import_file(write(tmp_path, data))
    assert charset in str(error.value) and "UTF-8" in str(error.value) and "exportez" in str(error.value)
    assert Notice.objects.count() == 0


def _replace_value(data, old, new):
    """Replace a value in an ISO 2709 record, fixing the lengths (one record, one change)."""
    from pymarc import MARCReader

    marc = next(MARCReader(data, to_unicode=False))
    from .unimarc_records import _as_marc
    for item in marc.fields:
        if not item.is_control_field():
            item.subfields = [type(sub)(sub.code, sub.value.decode("latin-1")) for sub in item.subfields]
        else:
            item.data = item.data.decode("latin-1")
    encoded = _as_marc(marc, "latin-1").replace(old, new)
    length = len(encoded)
    base = int(encoded[12:17])
    directory = encoded[24:base - 1]
    shift = len(new) - len(old)
    entries, fixed = [directory[i:i + 12] for i in range(0, len(directory), 12)], []
    offset = 0
    for entry in entries:
        size = int(entry[3:7])
        if entry[:3] == b"200":
            size += shift
        fixed.append(entry[:3] + b"%04d%05d" % (size, offset))
        offset += size
    encoded = b"%05d" % length + encoded[5:24] + b"".join(fixed) + encoded[base - 1:]
    return encoded


@pytest.mark.parametrize("data, expected", [
    (b"", "vide"),
    (b"   \n", "vide"),
    (b"BONJOUR nam0 22  hello world, not a leader at all" * 3, "ISO 2709"),
])
def test_unreadable_iso2709_files(tmp_path, data, expected):
    with pytest.raises(ImportFileError) as error:
        unimarc_format.parse(write(tmp_path, data), "unimarc")
    assert expected in str(error.value)


def test_truncated_file_keeps_the_complete_records(tmp_path, vocab, crpv):
    data = iso2709(record("T1", "Complète"), record("T2", "Coupée au milieu"))
    report = import_file(write(tmp_path, data[:-30]), contributeur=crpv)
    assert report.created == 1 and [r.line for r in report.rejected] == [2]
    assert "tronqué" in report.rejected[0].reason
    assert list(Notice.objects.values_list("external_id", flat=True)) == ["T1"]


def test_bad_record_length_and_directory_are_rejected(tmp_path, vocab, crpv):
    good, broken = iso2709(record("D1", "Bonne")), bytearray(iso2709(record("D2", "Répertoire cassé")))
    broken[27:31] = b"ABCD"  # the first directory entry's field length is not a number
    report = import_file(write(tmp_path, good + bytes(broken)), contributeur=crpv)
    assert report.created == 1 and [r.line for r in report.rejected] == [2]
    assert "répertoire" in report.rejected[0].reason
    lengthless = bytearray(iso2709(record("D3", "Longueur fausse")))
    lengthless[0:5] = b"00050"  # says 50 bytes: the record end is not where it says
    report = import_file(write(tmp_path, good + bytes(lengthless), "length.mrc"), contributeur=crpv)
    assert [r.line for r in report.rejected] == [2]
    assert "longueur" in report.rejected[0].reason
    assert Notice.objects.count() == 1


def test_xml_that_is_not_marcxml_is_refused(tmp_path):
    path = write(tmp_path, b'<?xml version="1.0"?><rss><channel><title>Flux</title></channel></rss>', "flux.xml")
    with pytest.raises(ImportFileError) as error:
        formats.parse(path)
    assert "n'est pas du MARC XML" in str(error.value).replace("’", "'")


def test_broken_marcxml_keeps_the_records_before(tmp_path, vocab, crpv):
    data = marcxml(record("X1", "Avant"), record("X2", "Après"))
    report = import_file(write(tmp_path, data[:-60], "cut.xml"), contributeur=crpv)
    assert report.created == 1 and [r.line for r in report.rejected] == [2]
    assert list(Notice.objects.values_list("external_id", flat=True)) == ["X1"]


def test_command_picks_the_format_from_the_file(tmp_path, vocab, crpv):
    path = write(tmp_path, iso2709(full_record()), "export_pmb.iso")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_notices", str(path), "--contributeur", "crpv", stdout=out, stderr=err)
    assert "Créées : 1" in out.getvalue().replace("\u202f", " ") or Notice.objects.count() == 1
    assert Notice.objects.filter(external_id="PMB-1").exists()
    with pytest.raises(CommandError) as error:
        call_command("import_notices", str(write(tmp_path, b"", "vide.mrc")), stdout=out, stderr=err)
    assert "vide" in str(error.value)


def test_50000_records_are_streamed_not_loaded_whole(tmp_path):
    one = iso2709(record("S", "Titre d'une notice de test assez longue pour peser", field("330", ("a", "x" * 400))))
    path = tmp_path / "big.mrc"
    with open(path, "wb") as handle:
        for _index in range(50_000):
            handle.write(one)
    size = path.stat().st_size
    tracemalloc.start()
    parsed = formats.parse(path)
    count = sum(1 for notice_record in parsed.records if notice_record.titre)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 50_000
    assert size > 25_000_000 and peak < 5_000_000, (size, peak)


def test_year_as_catalogues_write_it(tmp_path, vocab, crpv):
    data = iso2709(record("Y1", "Copyright", field("210", ("a", "Paris"), ("d", "cop. 2018"))),
                   record("Y2", "Date du 100 seulement"),  # 100$a positions 9-12: 2021
                   record("Y3", "Année illisible", field("210", ("d", "s.d. inconnue"))))
    report = import_file(write(tmp_path, data), contributeur=crpv)
    years = dict(Notice.objects.values_list("external_id", "annee"))
    assert years == {"Y1": 2018, "Y2": 2021}
    assert [r.line for r in report.rejected] == [3] and "inconnue" in report.rejected[0].reason


def test_bom_and_blank_lines_before_the_first_record_are_skipped(tmp_path, vocab, crpv):
    data = b"\xef\xbb\xbf\r\n" + iso2709(record("B1", "Après un BOM"), record("B2", "Et une autre"))
    report = import_file(write(tmp_path, data, "bom.uni"), contributeur=crpv)
    assert (report.created, report.rejected) == (2, [])


def test_a_stored_file_given_open_is_read_and_left_open(tmp_path, vocab, crpv):
    path = write(tmp_path, iso2709(record("H1", "Depuis le stockage")))
    with open(path, "rb") as handle:  # what the background import gives: the storage's file
        parsed = formats.parse(handle, "unimarc")
        assert [notice_record.titre for notice_record in parsed.records] == ["Depuis le stockage"]
        assert not handle.closed
