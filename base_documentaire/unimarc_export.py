"""Notices as UNIMARC records (pymarc), for partners still on PMB: ISO 2709 and MARC XML, streamed.

The mapping is the import's (importers/unimarc_mapping.py), so an export imports back into the
same notices. The record's permalink is its 003 (persistent identifier) and an 856$u (the
import leaves out the 856 repeating the 003); a file is an 856 with its absolute address in $u
and its name in $f. Fields are written in UTF-8, declared in 100$a positions 26-29 ("50  ").
"""
import re
from dataclasses import dataclass, field
from datetime import date

from pymarc import Field, Leader, Record, Subfield, record_to_xml

from . import addresses, document_types
from .importers.unimarc_mapping import (AUTHOR_RELATOR, DEFAULT_LEADER, MARC_XML_NAMESPACE, TYPE_LEADER,
                                        relator_of)
from .models.notices import NoticeAuteur

COLLECTIVITE = NoticeAuteur.Nature.COLLECTIVITE
MULTILINE_TAGS = ("300", "330")  # notes and abstract keep their lines
ISO2709_CONTENT_TYPE = "application/marc"
MARCXML_CONTENT_TYPE = "application/marcxml+xml; charset=utf-8"


@dataclass
class MarcValues:
    """What a UNIMARC record says of a notice, as plain values (the OAI repository fills it from
    its own queries, the exports from the notice)."""

    identifier: str
    titre: str
    type_code: str = ""
    type_label: str = ""
    sous_titre: str = ""
    annee: object = None
    created: object = None
    langue: str = ""
    isbn: str = ""
    issn: str = ""
    lieu: str = ""
    editeur: str = ""
    collation: str = ""
    collection: str = ""
    edition: str = ""
    note: str = ""  # paragraphs: one 300 each
    resume: str = ""
    themes: list = field(default_factory=list)
    territoires: list = field(default_factory=list)
    mots_cles: list = field(default_factory=list)
    auteurs: list = field(default_factory=list)  # [(nom, nature, role)]
    liens: list = field(default_factory=list)
    files: list = field(default_factory=list)  # [(absolute url, file name)]
    permalink: str = ""


def _sub(tag, subfields, indicators=(" ", " ")):
    """A data field of the non-empty subfields (text on one line but the abstract and the coded 100)."""
    pairs = [Subfield(code, _text(tag, value)) for code, value in subfields if value not in (None, "")]
    return Field(tag=tag, indicators=list(indicators), subfields=pairs) if pairs else None


def _text(tag, value):
    value = str(value)
    if tag == "100":
        return value
    return value.strip() if tag in MULTILINE_TAGS else " ".join(value.split())


def _paragraphs(text):
    """A note's paragraphs (the import joins the 300 fields with a blank line)."""
    return [paragraph.strip() for paragraph in re.split(r"\n\s*\n", text or "") if paragraph.strip()]


def marc_record(values):
    """The pymarc Record of a notice's `MarcValues`."""
    kind = (document_types.mapping(values.type_code, "unimarc_type_notice")
            or TYPE_LEADER.get(values.type_code, DEFAULT_LEADER))
    record = Record(force_utf8=True, leader=Leader(f"     n{kind[:2].ljust(2)}0 22        450 "))
    fields = [Field(tag="001", data=values.identifier)]
    if values.permalink:
        fields.append(Field(tag="003", data=values.permalink))
    created = (values.created or date.today()).strftime("%Y%m%d")
    year = str(values.annee or "").rjust(4)[:4] if values.annee else "    "
    fields += [
        _sub("010", [("a", values.isbn)]), _sub("011", [("a", values.issn)]),
        _sub("100", [("a", f"{created}d{year}    u  y0frey50      ba")]),
        _sub("101", [("a", values.langue)], ("0", " ")),
        _sub("200", [("a", values.titre), ("b", values.type_label), ("e", values.sous_titre)], ("1", " ")),
        _sub("205", [("a", values.edition)]),
        _sub("210", [("a", values.lieu), ("c", values.editeur), ("d", values.annee)]),
        _sub("215", [("a", values.collation)]), _sub("225", [("a", values.collection)], ("2", " ")),
    ]
    fields += [_sub("300", [("a", paragraph)]) for paragraph in _paragraphs(values.note)]
    fields.append(_sub("330", [("a", values.resume)]))
    fields += [_sub("606", [("a", label)], (" ", " ")) for label in values.themes]
    fields += [_sub("607", [("a", label)]) for label in values.territoires]
    fields += [_sub("610", [("a", label)], ("0", " ")) for label in values.mots_cles]
    fields += _authors(values.auteurs)
    fields += [_sub("856", [("u", url)], ("4", " ")) for url in values.liens]
    fields += [_sub("856", [("u", url), ("f", name)], ("4", " ")) for url, name in values.files]
    if values.permalink:
        fields.append(_sub("856", [("u", values.permalink)], ("4", "0")))
    for marc_field in fields:
        if marc_field is not None:
            record.add_field(marc_field)
    return record


def _authors(auteurs):
    """700/710 the first author, 701/711 the other authors, 702/712 the other roles; in their order."""
    fields, first = [], True
    for name, nature, role in auteurs:
        relator = relator_of(role)
        level = 2 if relator != AUTHOR_RELATOR else 0 if first else 1
        first = first and relator != AUTHOR_RELATOR
        if nature == COLLECTIVITE:
            fields.append(_sub(f"71{level}", [("a", name), ("4", relator)], ("0", "2")))
        else:
            family, _comma, given = name.partition(",")
            fields.append(_sub(f"70{level}", [("a", family.strip()), ("b", given.strip()), ("4", relator)],
                               (" ", "1")))
    return fields


def as_iso2709(record):
    data = bytearray(record.as_marc())
    data[9:10] = b" "  # UNIMARC leaves position 9 blank: the character set is in 100$a
    return bytes(data)


# -- notices -------------------------------------------------------------------------------------

def notice_values(notice, page=None, include_private=False):
    """The `MarcValues` of a notice whose relations are loaded (exporters.with_relations)."""
    from . import exporters

    themes, territories, tags = exporters._subjects(notice)
    type_code = getattr(notice, notice._meta.get_field("type_document").attname) or ""
    return MarcValues(
        identifier=exporters._identifier(notice), titre=notice.titre, type_code=type_code,
        type_label=exporters._type_label(notice) if type_code else "", sous_titre=notice.sous_titre, annee=notice.annee,
        created=notice.created_at.date() if notice.created_at else None, langue=notice.langue, isbn=notice.isbn,
        issn=notice.issn, lieu=notice.lieu_edition, editeur=notice.editeur, collation=notice.collation,
        collection=notice.collection, edition=notice.edition, note=notice.note_publique, resume=notice.resume,
        themes=themes, territoires=territories, mots_cles=tags, auteurs=exporters._authors(notice),
        liens=[link.url for link in notice.liens.all()], files=addresses.files(notice, include_private),
        permalink=addresses.permalink(notice, page))


def _records(notices, include_private):
    from .exporters import with_relations

    page = addresses.documentary_page()
    for notice in with_relations(notices, include_private):
        yield marc_record(notice_values(notice, page, include_private))


def iter_iso2709(notices, include_private=False):
    """One ISO 2709 record (bytes) per notice."""
    for record in _records(notices, include_private):
        yield as_iso2709(record)


def iter_marcxml(notices, include_private=False):
    """A MARC XML collection, one record per chunk."""
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARC_XML_NAMESPACE}">\n'.encode()
    for record in _records(notices, include_private):
        yield record_to_xml(record, namespace=False) + b"\n"
    yield b"</collection>\n"
