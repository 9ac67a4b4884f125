"""UNIMARC fields as a `NoticeRecord`, and the tables the export shares (roles, document types).

Standard mapping (the README documents it): 001 identifier; 010/011 ISBN/ISSN; 101$a language;
200$a title, $e subtitle, $b document type label (else the leader, positions 6-7); 205$a edition
statement; 210/214 $a place, $c publisher, $d year; 215$a pages; 225$a series; 300$a (repeatable)
public note, one paragraph each; 330$a abstract; 606$a and $x thèmes;
607$a territories; 610$a (and 600-605, 608 $a) free keywords; 700-702 persons, 710-712
organisations, $4 relator code as a French role; 856$u links, an 856 naming a file ($f, a bare
name or a file: address, or a link whose last segment is a file of the files folder) the notice's
file.
"""
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.utils import translation
from django.utils.translation import gettext

from base_documentaire.text import fold

from .records import COLLECTIVITE, PERSONNE, Auteur, NoticeRecord

# Leader positions 6 (type of record) and 7 (bibliographic level) by type code: the export reads
# the types table's `unimarc_type_notice` first and this only for a type without one. The import
# reads a type from 200$b (labels and aliases of the types table, PMB's general material
# designations among them); the leader alone names a type only where it is unambiguous.
TYPE_LEADER = {
    "article": "aa", "revue": "as", "video": "gm", "podcast": "im", "kit": "mm",
}
DEFAULT_LEADER = "am"  # printed text, monograph
LEADER_TYPES = {"aa": "article", "as": "revue"}  # leader 6-7 -> type code when 200$b is absent
LEADER_KINDS = {"g": "video", "i": "podcast", "j": "podcast", "m": "kit"}  # leader 6 alone

# UNIMARC relator codes (appendix C) and their roles, English msgids shown in French.
RELATORS = {
    "010": "adapter", "020": "annotator", "075": "author of afterword", "080": "author of preface",
    "205": "collaborator", "212": "commentator", "220": "compiler", "340": "editor", "440": "illustrator",
    "557": "conference organiser", "600": "photographer", "605": "presenter", "651": "director of publication",
    "673": "research director", "710": "redactor", "727": "thesis advisor", "730": "translator",
}
AUTHOR_RELATOR = "070"  # author: the default role, stored as no role
PERSON_TAGS = ("700", "701", "702")
ORGANISATION_TAGS = ("710", "711", "712")
SUBJECT_KEYWORD_TAGS = ("600", "601", "602", "604", "605", "608", "610")
YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)")
MARC_XML_NAMESPACE = "http://www.loc.gov/MARC21/slim"


@lru_cache(maxsize=1)
def role_labels():
    """{relator code: French role label}."""
    with translation.override("fr"):
        return {code: gettext(label) for code, label in RELATORS.items()}


@lru_cache(maxsize=1)
def _relators():
    """{folded role, French or English: relator code}."""
    codes = {"ed.": "340", "dir.": "651", "trad.": "730", "directrice de publication": "651",
             "traductrice": "730"}
    for code, label in RELATORS.items():
        codes[fold(label)] = codes[fold(role_labels()[code])] = code
    return codes


def relator_of(role):
    """The relator code of a role as written (French or English label), the author's by default."""
    return _relators().get(fold(role), AUTHOR_RELATOR) if role else AUTHOR_RELATOR


def _values(record, tag, code):
    return [" ".join(value.split()) for field in record.get_fields(tag) for value in field.get_subfields(code)
            if value and value.strip()]


def _first(record, tag, code):
    values = _values(record, tag, code)
    return values[0] if values else ""


def to_notice_record(marc, number, files_dir=None, roles=None):
    """The `NoticeRecord` of a pymarc Record (`number`: its position in the file, the report's line)."""
    record = NoticeRecord(line=number)
    record.external_id = _control(marc, "001")
    record.isbn = _first(marc, "010", "a")
    record.issn = _first(marc, "011", "a")
    record.langue = _first(marc, "101", "a")
    record.titre = " ; ".join(_values(marc, "200", "a"))
    if not record.titre:
        record.errors.append(gettext("No title (200$a): the record is refused."))
    record.sous_titre = " : ".join(_values(marc, "200", "e"))
    record.type = _first(marc, "200", "b") or _leader_type(str(marc.leader))
    for tag in ("214", "210"):
        if marc.get_fields(tag):
            record.lieu, record.editeur = _first(marc, tag, "a"), _first(marc, tag, "c")
            record.annee = _year(_first(marc, tag, "d"))
            break
    coded = next((field.get("a") or "" for field in marc.get_fields("100")), "")
    if not record.annee and coded[9:13].isdigit():  # 100$a positions 9-12: the date of publication
        record.annee = coded[9:13]
    record.edition = _first(marc, "205", "a")
    record.collation = _first(marc, "215", "a")
    record.collection = _first(marc, "225", "a")
    record.note = _paragraphs(marc, "300")
    record.resume = _paragraphs(marc, "330")
    record.themes = _unique(value for field in marc.get_fields("606") for value in field.get_subfields("a", "x"))
    record.territoires = _unique(_values(marc, "607", "a"))
    record.mots_cles = _unique(value for tag in SUBJECT_KEYWORD_TAGS for value in _values(marc, tag, "a"))
    record.auteurs = _authors(marc, roles if roles is not None else role_labels())
    _links(marc, record, files_dir)
    return record


def _paragraphs(marc, tag):
    """The $a of a repeatable note field, one paragraph each."""
    return "\n\n".join(value for field in marc.get_fields(tag) for value in field.get_subfields("a"))


def _control(marc, tag):
    field = marc.get(tag)
    return (field.data or "").strip() if field is not None and field.data else ""


def _year(value):
    """The year of "2019", "cop. 2019", "DL 2019", "[2019?]"; the value as written when it holds none
    (validation says it is invalid)."""
    match = YEAR.search(value or "")
    return match.group(0) if match else (value or "").strip()


def _leader_type(leader):
    return LEADER_TYPES.get(leader[6:8]) or LEADER_KINDS.get(leader[6:7], "")


def _unique(values):
    seen, kept = set(), []
    for value in values:
        value = " ".join((value or "").split())
        if value and fold(value) not in seen:
            seen.add(fold(value))
            kept.append(value)
    return kept


def _authors(marc, roles):
    authors = []
    for field in marc.get_fields(*PERSON_TAGS, *ORGANISATION_TAGS):
        role = roles.get((field.get("4") or "").strip(), "")
        if field.tag in PERSON_TAGS:
            family, given = field.get("a") or "", field.get("b") or ""
            name = f"{family.strip()}, {given.strip()}" if given.strip() else family.strip()
            authors.append(Auteur(" ".join(name.split()), PERSONNE, role))
        else:
            name = ". ".join(part.strip() for part in field.get_subfields("a", "b") if part.strip())
            authors.append(Auteur(" ".join(name.split()), COLLECTIVITE, role))
    return [author for author in authors if author.nom]


def _links(marc, record, files_dir):
    """856: links; the record's own page (003) is left out; a file goes to the notice's file."""
    own_page = _control(marc, "003")
    for field in marc.get_fields("856"):
        url, name = (field.get("u") or "").strip(), (field.get("f") or "").strip()
        scheme = urlparse(url).scheme.lower()
        if scheme == "file":
            name = name or unquote(urlparse(url).path)
        elif url and scheme not in ("http", "https", "ftp"):
            name = name or url
        elif url and url != own_page and not name:
            record.urls.append(url)
            segment = unquote(PurePosixPath(urlparse(url).path).name)
            if files_dir and segment and (Path(files_dir) / segment).is_file():
                name = segment
        if name and not record.pdf:
            record.pdf = name
