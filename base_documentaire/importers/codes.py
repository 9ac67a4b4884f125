"""Document types and languages as sources write them, mapped to the notice's codes."""
import re
from functools import lru_cache

from django.utils import translation

from base_documentaire.models.notices import Langue, TypeDocument
from base_documentaire.text import fold

# RIS reference types (the RIS specification and what Zotero, EndNote, PMB write).
RIS_TYPES = {
    "RPRT": TypeDocument.RAPPORT, "BOOK": TypeDocument.OUVRAGE, "EBOOK": TypeDocument.OUVRAGE,
    "EDBOOK": TypeDocument.OUVRAGE, "CHAP": TypeDocument.ARTICLE, "ECHAP": TypeDocument.ARTICLE,
    "JOUR": TypeDocument.ARTICLE, "EJOUR": TypeDocument.ARTICLE, "MGZN": TypeDocument.ARTICLE,
    "NEWS": TypeDocument.ARTICLE, "INPR": TypeDocument.ARTICLE, "ABST": TypeDocument.ARTICLE,
    "JFULL": TypeDocument.REVUE, "SER": TypeDocument.REVUE,
    "CONF": TypeDocument.ACTES, "CPAPER": TypeDocument.ACTES,
    "GOVDOC": TypeDocument.TEXTE_OFFICIEL, "BILL": TypeDocument.TEXTE_OFFICIEL,
    "STAT": TypeDocument.TEXTE_OFFICIEL, "LEGAL": TypeDocument.TEXTE_OFFICIEL, "CASE": TypeDocument.TEXTE_OFFICIEL,
    "HEAR": TypeDocument.TEXTE_OFFICIEL,
    "VIDEO": TypeDocument.VIDEO, "MPCT": TypeDocument.VIDEO, "ADVS": TypeDocument.VIDEO,
    "SOUND": TypeDocument.PODCAST, "MUSIC": TypeDocument.PODCAST,
    "PAMP": TypeDocument.GUIDE,
    "GEN": TypeDocument.AUTRE, "THES": TypeDocument.AUTRE, "UNPB": TypeDocument.AUTRE, "MANSCPT": TypeDocument.AUTRE,
    "ELEC": TypeDocument.AUTRE, "WEB": TypeDocument.AUTRE, "BLOG": TypeDocument.AUTRE, "DATA": TypeDocument.AUTRE,
    "DBASE": TypeDocument.AUTRE, "COMP": TypeDocument.AUTRE, "ART": TypeDocument.AUTRE, "MAP": TypeDocument.AUTRE,
    "CTLG": TypeDocument.AUTRE, "CHART": TypeDocument.AUTRE, "FIGURE": TypeDocument.AUTRE,
    "EQUA": TypeDocument.AUTRE, "ICOMM": TypeDocument.AUTRE, "PAT": TypeDocument.AUTRE, "PCOMM": TypeDocument.AUTRE,
    "SLIDE": TypeDocument.AUTRE, "STAND": TypeDocument.AUTRE, "AGGR": TypeDocument.AUTRE, "ANCIENT": TypeDocument.AUTRE,
    "CLSWK": TypeDocument.AUTRE, "DICT": TypeDocument.AUTRE, "ENCYC": TypeDocument.AUTRE, "GRANT": TypeDocument.AUTRE,
    "MULTI": TypeDocument.AUTRE,
}

# Words people use for our types besides the labels.
TYPE_SYNONYMS = {
    "rapport d'etude": TypeDocument.RAPPORT, "etude": TypeDocument.RAPPORT, "report": TypeDocument.RAPPORT,
    "livre": TypeDocument.OUVRAGE, "book": TypeDocument.OUVRAGE, "article de revue": TypeDocument.ARTICLE,
    "journal article": TypeDocument.ARTICLE, "colloque": TypeDocument.ACTES, "actes de colloque": TypeDocument.ACTES,
    "conference": TypeDocument.ACTES, "fiche experience": TypeDocument.FICHE_EXPERIENCE,
    "fiche d'experience": TypeDocument.FICHE_EXPERIENCE, "periodique": TypeDocument.REVUE,
    "film": TypeDocument.VIDEO, "audio": TypeDocument.PODCAST, "document": TypeDocument.AUTRE,
    "texte officiel": TypeDocument.TEXTE_OFFICIEL, "texte reglementaire": TypeDocument.TEXTE_OFFICIEL,
    "loi": TypeDocument.TEXTE_OFFICIEL, "mallette pedagogique": TypeDocument.KIT,
}

LANGUAGES = {
    Langue.FRANCAIS: ("fre", "fra", "fr", "fr-fr", "fr_fr", "francais", "french"),
    Langue.ANGLAIS: ("eng", "en", "en-gb", "en-us", "en_gb", "en_us", "anglais", "english"),
    Langue.ALLEMAND: ("ger", "deu", "de", "de-de", "allemand", "german", "deutsch"),
    Langue.ESPAGNOL: ("spa", "es", "es-es", "espagnol", "spanish", "espanol"),
    Langue.ITALIEN: ("ita", "it", "it-it", "italien", "italian", "italiano"),
    Langue.AUTRE: ("und", "autre", "other", "mul"),
}


@lru_cache(maxsize=1)
def _type_table():
    table = {fold(code): code for code in RIS_TYPES}
    table = {fold(ris): code for ris, code in RIS_TYPES.items()}
    table.update(TYPE_SYNONYMS)
    for code, label in TypeDocument.choices:
        table[fold(code)] = code
        table[fold(code.replace("_", " "))] = code
        for language in ("en", "fr"):
            with translation.override(language):
                table[fold(str(label))] = code
    return table


def resolve_type(value):
    """A type code from a code, a French or English label, a synonym or a RIS type; None if unknown."""
    key = fold(value).strip(" .")
    if not key:
        return None
    return _type_table().get(key) or _type_table().get(key.replace("’", "'"))


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
