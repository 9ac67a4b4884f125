"""Document types and languages as sources write them, mapped to the notice's codes (document types:
the `TypeDocument` table, its labels, aliases and RIS types, through base_documentaire.document_types)."""
import re
from functools import lru_cache

from django.utils import translation

from base_documentaire import document_types
from base_documentaire.models.notices import Langue
from base_documentaire.text import fold

LANGUAGES = {
    Langue.FRANCAIS: ("fre", "fra", "fr", "fr-fr", "fr_fr", "francais", "french"),
    Langue.ANGLAIS: ("eng", "en", "en-gb", "en-us", "en_gb", "en_us", "anglais", "english"),
    Langue.ALLEMAND: ("ger", "deu", "de", "de-de", "allemand", "german", "deutsch"),
    Langue.ESPAGNOL: ("spa", "es", "es-es", "espagnol", "spanish", "espanol"),
    Langue.ITALIEN: ("ita", "it", "it-it", "italien", "italian", "italiano"),
    Langue.AUTRE: ("und", "autre", "other", "mul"),
}


def resolve_type(value):
    """A type code from a code, a label, an alias or a RIS type (the types table); None if unknown."""
    return document_types.resolve(value)


@lru_cache(maxsize=1)
def _language_table():
    table = {}
    for code, names in LANGUAGES.items():
        for name in names:
            table[name] = code
    for code, label in Langue.choices:
        for language in ("en", "fr"):
            with translation.override(language):
                table.setdefault(fold(str(label)), code)
    return table


def resolve_language(value):
    """A language code (fre, eng…) from a code or a name; None if unknown."""
    key = fold(value).strip(" .")
    return _language_table().get(key) or _language_table().get(key.replace("_", "-"))


YEAR = re.compile(r"^\[?c?\.?\s*(\d{4})\]?(?:\.0+)?(?:\s*[-/.,]\s*[\d/ .-]*)?\s*/*\s*$")
DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})")


def parse_year(value):
    """2019, 2019///, 2019/05/12/, 2019-05, [2019], c2019 -> 2019; None when there is no year."""
    match = YEAR.match(value.strip())
    return int(match.group(1)) if match else None
