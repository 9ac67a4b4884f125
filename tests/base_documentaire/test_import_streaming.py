"""The CSV and RIS readers take their records from the file as a stream: a large file is never
held whole in memory, and the character set is still the whole file's."""
import io
import tracemalloc

import pytest

from base_documentaire.importers import formats, reading
from base_documentaire.importers.records import ImportFileError

ROWS = 30000
ABSTRACT = "Résumé d'une étude sur la participation des habitants dans les quartiers prioritaires. " * 10


def large_csv(path):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf\r\n")
        for number in range(ROWS):
            handle.write(f'G{number},Étude n° {number},"{ABSTRACT}",rapport,"Dupont, Jean",2020,Santé,Hérault,'
                         'fre,\r\n')
    return path


def large_ris(path):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for number in range(ROWS):
            handle.write(f"TY  - RPRT\r\nID  - G{number}\r\nTI  - Étude n° {number}\r\nAU  - Dupont, Jean\r\n"
                         f"AB  - {ABSTRACT}\r\nKW  - Santé\r\nPY  - 2020\r\nER  - \r\n\r\n")
    return path


@pytest.mark.parametrize("make, format", [(large_csv, "csv"), (large_ris, "ris")])
def test_a_large_file_is_read_with_bounded_memory(tmp_path, make, format):
    path = make(tmp_path / f"grand.{format}")
    size = path.stat().st_size
    assert size > 25_000_000

    tracemalloc.start()
    try:
        parsed = formats.parse(str(path))
        count, last = 0, None
        for record in parsed.records:
            count, last = count + 1, record
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert parsed.format == format and count == ROWS
    assert (last.external_id, last.titre, last.resume.strip()) == (f"G{ROWS - 1}", f"Étude n° {ROWS - 1}",
                                                                  ABSTRACT.strip())
    assert peak < 3_000_000, f"peak {peak:,} bytes for a file of {size:,} bytes"


def test_the_character_set_is_the_whole_files(tmp_path):
    """A Windows-1252 byte after the first 256 KB: the file is Windows-1252 (not UTF-8 broken at the end)."""
    rows = [f"A{number},Titre {number},,rapport,,2020,,,fre," for number in range(12000)]
    text = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf\n" + "\n".join(rows)
    path = tmp_path / "fin-latin.csv"
    path.write_bytes(text.encode("ascii") + "\nZ1,Fin de fichier éditée,,rapport,,2020,,,fre,\n".encode("cp1252"))
    assert path.stat().st_size > reading.SAMPLE_SIZE

    records = list(formats.parse(str(path)).records)

    assert records[-1].titre == "Fin de fichier éditée" and len(records) == 12001


def test_a_character_cut_by_a_chunk_boundary_is_read_whole(tmp_path):
    filler = "x" * (reading.CHUNK_SIZE - len("id,titre\nA1,") - 1)
    path = tmp_path / "limite.csv"
    path.write_bytes(f"id,titre\nA1,{filler}é\nA2,Élan\n".encode("utf-8"))
    records = list(formats.parse(str(path)).records)
    assert [record.titre[-1:] for record in records] == ["é", "n"] and records[1].titre == "Élan"


class OneWayStream:
    """A stream that can only be read forward (an upload, a socket)."""

    def __init__(self, data):
        self._data = io.BytesIO(data)

    def read(self, size=-1):
        return self._data.read(size)


def test_a_stream_that_cannot_seek_and_an_open_file_are_read(tmp_path):
    data = "TY  - RPRT\nTI  - Rapport en flux\nER  - \n".encode("utf-8")
    assert [record.titre for record in formats.parse(OneWayStream(data), "ris").records] == ["Rapport en flux"]

    path = tmp_path / "ouvert.csv"
    path.write_bytes(b"id,titre\nO1,Ouvert\n")
    with open(path, "rb") as handle:
        assert [record.titre for record in formats.parse(handle, "csv").records] == ["Ouvert"]
        assert not handle.closed  # a file given open is left open to its owner
        handle.seek(0)
        assert handle.read(2) == b"id"


@pytest.mark.parametrize("content, message", [
    (b"   \n\n", "vide"),
    (b"id,titre\nA1,\xff\xfe\x81 \x8d\n", "ni du texte UTF-8"),
    (b"%PDF-1.4 ...", "PDF"),
])
def test_bad_files_are_still_refused_before_reading_records(tmp_path, content, message):
    path = tmp_path / "mauvais.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        formats.parse(str(path))
