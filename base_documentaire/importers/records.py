"""What every import format produces: one `NoticeRecord` per notice, with the line it starts on.

Parsers keep the values as they were written (a year is still the text "20x3", a type is still
a label or a code): checking them is validation's job (validation.py), so all formats are judged
alike.
"""
import hashlib
from dataclasses import dataclass, field, fields
from typing import Iterator, NamedTuple

from base_documentaire.text import fold

PERSONNE = "personne"
COLLECTIVITE = "collectivite"


class Auteur(NamedTuple):
    nom: str
    nature: str = PERSONNE
    role: str = ""


@dataclass
class NoticeRecord:
    line: int = 0
    external_id: str = ""
    titre: str = ""
    sous_titre: str = ""
    resume: str = ""
    type: str = ""  # a type code, a French or English label, or a RIS type code
    auteurs: list = field(default_factory=list)  # [Auteur(nom, nature, role)]
    annee: str = ""
    date: str = ""  # an exact date when the source gives one (RIS DA)
    themes: list = field(default_factory=list)
    territoires: list = field(default_factory=list)
    sujets: list = field(default_factory=list)  # a theme, else a territory, else a free keyword (RIS KW)
    langue: str = ""
    pdf: str = ""
    editeur: str = ""
    lieu: str = ""
    collection: str = ""
    collation: str = ""
    edition: str = ""  # edition statement ("2e éd. revue et augmentée")
    note: str = ""  # public note (UNIMARC 300)
    isbn: str = ""
    issn: str = ""
    urls: list = field(default_factory=list)
    mots_cles: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # problems the parser already found (French text)

    def derived_id(self):
        """A stable identifier for sources that give none (many RIS exports): same notice, same id."""
        first_author = fold(self.auteurs[0][0]) if self.auteurs else ""
        key = "|".join([fold(self.titre), fold(self.sous_titre), self.annee.strip(), first_author])
        return "auto:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


@dataclass
class ParsedFile:
    format: str  # "csv" or "ris"
    records: Iterator  # of NoticeRecord, read lazily
    warnings: list = field(default_factory=list)  # about the whole file (French text)
    provided: set = None  # NoticeRecord attributes the file gives (CSV columns); None: all of them


def attributes_but(*left_out):
    """The `NoticeRecord` attributes a source gives (a ParsedFile's ``provided``), all but these:
    what a format cannot say stays as the notice has it."""
    return {item.name for item in fields(NoticeRecord)} - {"line", "errors", *left_out}


class ImportFileError(Exception):
    """The whole file cannot be read: nothing is imported. The message is for the user (French)."""


def split_values(value, separator="|"):
    """`a | b | c` -> ['a', 'b', 'c'], without empty items or duplicates (order kept)."""
    seen, values = set(), []
    for item in (value or "").split(separator):
        item = " ".join(item.split())
        if item and item not in seen:
            seen.add(item)
            values.append(item)
    return values


def author_nature(name):
    """A person is written "Last, First"; a name without a comma is an organisation."""
    return PERSONNE if "," in name else COLLECTIVITE
