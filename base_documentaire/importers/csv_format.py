"""CSV import format: one notice per row, several values in a cell separated by ` | `.

Columns: id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf, and optionally
sous_titre, editeur, lieu_edition, collection, collation, edition, isbn, issn, url, mots_cles.
UTF-8 (with or without BOM) or Windows-1252; `,` or `;` (or tab) as delimiter.
An author is a person when written "Last, First", an organisation otherwise; a suffix
`[personne]` or `[collectivité]` says it explicitly.
"""
import csv
import re

from django.utils.translation import gettext as _

from base_documentaire.text import fold

from .reading import open_text
from .records import (COLLECTIVITE, PERSONNE, Auteur, ImportFileError, NoticeRecord, ParsedFile, author_nature,
                      split_values)

csv.field_size_limit(16 * 1024 * 1024)  # long abstracts; the default 128 KB stops the whole file

COLUMNS = ("id", "titre", "resume", "type", "auteurs", "annee", "themes", "territoires", "langue", "pdf")
OPTIONAL_COLUMNS = ("sous_titre", "editeur", "lieu_edition", "collection", "collation", "edition", "isbn", "issn",
                    "url", "mots_cles")
REQUIRED_COLUMNS = ("id", "titre")
EXPORT_ONLY_COLUMNS = ("permalien",)  # written by our CSV export, left aside by the import
# Headers people write instead of ours (compared folded, spaces and dashes as underscores).
ALIASES = {
    "identifiant": "id", "title": "titre", "abstract": "resume", "type_document": "type",
    "type_de_document": "type", "authors": "auteurs", "auteur": "auteurs", "year": "annee", "date": "annee",
    "theme": "themes", "territoire": "territoires", "language": "langue", "fichier": "pdf", "file": "pdf",
    "subtitle": "sous_titre", "publisher": "editeur", "lieu": "lieu_edition", "urls": "url", "lien": "url",
    "liens": "url", "mot_cles": "mots_cles", "mots_cle": "mots_cles", "keywords": "mots_cles",
    "mention_d_edition": "edition", "mention_d'edition": "edition", "mention_edition": "edition",
}
# Record attribute filled by each column (same name otherwise).
ATTRIBUTES = {"id": "external_id", "lieu_edition": "lieu", "url": "urls"}
DELIMITERS = (",", ";", "\t")
NATURE_MARKERS = {
    "personne": PERSONNE, "person": PERSONNE,
    "collectivite": COLLECTIVITE, "organisation": COLLECTIVITE, "organization": COLLECTIVITE,
}
MARKER = re.compile(r"\s*\[([^\[\]]+)\]\s*$")
FORMULA_PREFIXES = ("=", "+", "-", "@")  # exports protect these cells with a quote for spreadsheets


def normalise_header(name):
    key = re.sub(r"[\s\-]+", "_", fold(name).strip("\ufeff \"'"))
    return ALIASES.get(key, key)


def sniff_delimiter(header_line):
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def parse_authors(value):
    authors = []
    for item in split_values(value):
        nature = None
        marker = MARKER.search(item)
        if marker and fold(marker.group(1)) in NATURE_MARKERS:
            nature = NATURE_MARKERS[fold(marker.group(1))]
            item = item[:marker.start()].strip()
        if item:
            authors.append(Auteur(item, nature or author_nature(item)))
    return authors


def unprotect(value):
    """Undo the exporter's spreadsheet protection: "'=x" was written for the value "=x"."""
    if value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
        return value[1:]
    return value


def parse(source):
    """Read a CSV export: a ParsedFile whose records are read lazily from the file (a stream, never
    the whole text in memory); ImportFileError if unreadable."""
    text = open_text(source, newline="")
    try:
        return _parse(text)
    except BaseException:
        text.close()
        raise


def _parse(text):
    delimiter = sniff_delimiter(text.head.split("\n", 1)[0])
    reader = csv.reader(text.stream, delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        raise ImportFileError(_("The CSV header cannot be read: %(error)s") % {"error": error}) from None
    columns = [normalise_header(name) for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(missing)s. Expected columns: %(expected)s (found: %(found)s).")
            % {"missing": ", ".join(missing), "expected": ",".join(COLUMNS),
               "found": ", ".join(name.strip() for name in header if name.strip()) or "-"}
        )
    known = set(COLUMNS) | set(OPTIONAL_COLUMNS)
    warnings = []
    ignored = [name.strip() for name, column in zip(header, columns)
               if name.strip() and column not in known and column not in EXPORT_ONLY_COLUMNS]
    if ignored:
        warnings.append(_("Ignored columns: %(columns)s.") % {"columns": ", ".join(ignored)})
    provided = {ATTRIBUTES.get(column, column) for column in columns if column in known}
    return ParsedFile("csv", _rows(reader, columns, known, text.close), warnings, provided)


def _rows(reader, columns, known, close):
    """The records of the rows; ``close()`` once they are read."""
    try:
        yield from _records(reader, columns, known)
    finally:
        close()


def _records(reader, columns, known):
    previous_end = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            record = NoticeRecord(line=previous_end + 1)
            record.errors.append(_("Unreadable CSV line: %(error)s") % {"error": error})
            yield record
            return
        line, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        record = NoticeRecord(line=line)
        if len(row) != len(columns):
            record.errors.append(
                _("This line has %(found)d values but the header has %(expected)d columns (check the "
                  "delimiter and the quotes).") % {"found": len(row), "expected": len(columns)}
            )
            record.external_id = row[0].strip() if row else ""
            yield record
            continue
        values = {}
        for name, cell in zip(columns, row):
            if name in known and name not in values:
                values[name] = unprotect(cell.strip())
        _fill(record, values)
        yield record


def _fill(record, values):
    get = values.get
    record.external_id = get("id", "")
    record.titre = get("titre", "")
    record.sous_titre = get("sous_titre", "")
    record.resume = get("resume", "")
    record.type = get("type", "")
    record.auteurs = parse_authors(get("auteurs", ""))
    record.annee = get("annee", "")
    record.themes = split_values(get("themes", ""))
    record.territoires = split_values(get("territoires", ""))
    record.langue = get("langue", "")
    record.pdf = get("pdf", "")
    record.editeur = get("editeur", "")
    record.lieu = get("lieu_edition", "")
    record.collection = get("collection", "")
    record.collation = get("collation", "")
    record.edition = get("edition", "")
    record.isbn = get("isbn", "")
    record.issn = get("issn", "")
    record.urls = split_values(get("url", ""))
    record.mots_cles = split_values(get("mots_cles", ""))
