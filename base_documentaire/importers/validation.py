"""Checking one `NoticeRecord` and converting it to what a notice stores, without writing anything.

`Validator.check(record)` returns a `CheckedRecord` (fields and relations as the notice stores
them, warnings, unknown vocabulary labels, the file to attach) or raises `RowError` with every
reason the record is refused (French messages). Labels are matched through a lookup offering
``.theme(label)`` and ``.territory(label)`` (base_documentaire.vocabulary.VocabularyLookup). With
``provided`` (a set of `NoticeRecord` attributes), only those are checked and set: the others stay as the notice has
them (a CSV without some columns, a partial update through the partner API).
"""
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.utils.translation import gettext as _
from taggit.models import Tag

from base_documentaire import document_types
from base_documentaire.models import Notice, NoticeAuteur, NoticeLien, TermeCandidat
from base_documentaire.models.notices import Langue, TypeDocument  # the model (default codes)

from .codes import DATE, parse_year, resolve_language, resolve_type
from .records import COLLECTIVITE, PERSONNE, NoticeRecord

# Notice fields an import writes, with the record attribute holding each.
FIELDS = {
    "titre": "titre", "sous_titre": "sous_titre", "resume": "resume", "type_document_id": "type",
    "annee": "annee", "date_publication": "date", "langue": "langue", "editeur": "editeur",
    "lieu_edition": "lieu", "collection": "collection", "collation": "collation", "isbn": "isbn", "issn": "issn",
    "edition": "edition", "note_publique": "note",
}
MULTILINE = ("resume", "note_publique")  # paragraphs kept
RELATIONS = ("auteurs", "themes", "territoires", "urls", "mots_cles")
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
URL_VALIDATOR = URLValidator(schemes=["http", "https", "ftp"])
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f]")  # all but tab and newline


class RowError(Exception):
    """The record is refused; ``reasons`` are French messages."""

    def __init__(self, reasons):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


@dataclass
class CheckedRecord:
    """A record checked and converted to what the notice stores."""
    line: int
    external_id: str  # cleaned, or derived from the record when the source gives none
    fields: dict  # notice field -> value, only those the source gives
    auteurs: list = None  # [(nom, nature, role)]; None: the source says nothing, keep what the notice has
    urls: list = None
    themes: list = None  # Theme instances
    territoires: list = None  # Territoire instances
    mots_cles: list = None  # tag names
    pdf: tuple = None  # (path, sha1, name) of the file to attach
    missing_file: tuple = None  # (name, message) when the file named by the record was not found
    unknown: list = field(default_factory=list)  # [(vocabulaire, label)] matching no entry
    mapped: list = field(default_factory=list)  # [(vocabulaire, label as written, entry's label)]
    warnings: list = field(default_factory=list)  # French messages
    source_id: str = ""  # the identifier as the source wrote it (for reports)


def notice_key(record):
    """The identifier a record's notice is known by: its own, cleaned, else one derived from its content."""
    return clean_text(record.external_id) or record.derived_id()


def clean_text(value, multiline=False):
    """NFC, no control characters (PostgreSQL refuses NUL), spaces collapsed on one-line fields."""
    value = CONTROL_CHARACTERS.sub("", unicodedata.normalize("NFC", value or ""))
    if multiline:
        return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
    return " ".join(value.split())


def _limit(validators, kind, default):
    return next((v.limit_value for v in validators if isinstance(v, kind)), default)


def _max_length(model, name):
    return model._meta.get_field(name).max_length


class Validator:
    """The import's rules, read once from the models; ``files_dir``: where named files are looked up."""

    def __init__(self, lookup, provided=None, files_dir=None):
        self.lookup = lookup
        self.provided = provided
        self.files_dir = Path(files_dir).resolve() if files_dir else None
        self.lengths = {name: _max_length(Notice, name) for name in FIELDS}
        validators = Notice._meta.get_field("annee").validators
        self.year_range = (_limit(validators, MinValueValidator, 1), _limit(validators, MaxValueValidator, 9999))

    def provides(self, attribute):
        return self.provided is None or attribute in self.provided

    def check(self, record):
        """The record checked and resolved against the vocabularies; raises RowError with its reasons."""
        errors = list(record.errors)
        if errors:
            raise RowError(errors)
        values = {name: clean_text(getattr(record, attribute), multiline=name in MULTILINE)
                  for name, attribute in FIELDS.items() if self.provides(attribute)}
        checked = CheckedRecord(record.line, clean_text(record.external_id), values, source_id=record.external_id)
        self._check_fields(checked, errors)
        if len(checked.external_id) > _max_length(Notice, "external_id"):
            errors.append(_("The identifier is too long."))
        self._check_authors(record, checked, errors)
        self._check_urls(record, checked)
        self._match_vocabularies(record, checked)
        if errors:
            raise RowError(errors)
        if not checked.external_id:
            checked.external_id = record.derived_id()
        if record.pdf and self.provides("pdf"):
            checked.pdf, checked.missing_file = self._find_file(record.pdf)
        return checked

    # -- fields ----------------------------------------------------------------------------------

    def _check_fields(self, checked, errors):
        values = checked.fields
        if "titre" in values and not values["titre"]:
            errors.append(_("Missing title."))
        if "type_document_id" in values:  # an undeclared type is kept as a candidate, never refused
            values["type_document_id"] = _document_type(values["type_document_id"], checked)
        if "annee" in values:
            values["annee"] = self._year(values["annee"], errors)
        if "date_publication" in values:
            values["date_publication"] = _date(values["date_publication"])
        if "langue" in values:
            values["langue"] = _language(values["langue"], checked.warnings)
        if "issn" in values:
            values["issn"] = values["issn"].upper().removeprefix("ISSN").strip()
        if "isbn" in values:
            values["isbn"] = values["isbn"].upper().removeprefix("ISBN").strip(" :")
        for name, max_length in self.lengths.items():
            value = values.get(name)
            if max_length and isinstance(value, str) and len(value) > max_length:
                errors.append(_("“%(field)s” is too long (%(length)d characters, at most %(max)d).")
                              % {"field": name, "length": len(value), "max": max_length})

    def _year(self, raw, errors):
        year = parse_year(raw) if raw else None
        low, high = self.year_range
        if raw and year is None:
            errors.append(_("Invalid year “%(value)s”.") % {"value": raw})
        elif year is not None and not low <= year <= high:
            errors.append(_("Year %(year)d out of range (%(min)d–%(max)d).") % {"year": year, "min": low, "max": high})
        return year

    # -- relations -------------------------------------------------------------------------------

    def _check_authors(self, record, checked, errors):
        if not self.provides("auteurs"):
            return
        max_length = _max_length(NoticeAuteur, "nom")
        checked.auteurs = []
        for author in record.auteurs:
            name = clean_text(author[0])
            if not name:
                continue
            if len(name) > max_length:
                errors.append(_("Author name too long: “%(name)s…”.") % {"name": name[:40]})
            nature = author[1] if author[1] in (PERSONNE, COLLECTIVITE) else PERSONNE
            role = clean_text(author[2]) if len(author) > 2 else ""
            checked.auteurs.append((name, nature, role[:100]))

    def _check_urls(self, record, checked):
        if not self.provides("urls"):
            return
        max_length = _max_length(NoticeLien, "url")
        checked.urls = []
        for url in record.urls:
            url = clean_text(url)
            if url and "://" not in url and url.lower().startswith("www."):
                url = "https://" + url
            try:
                URL_VALIDATOR(url)
                if len(url) > max_length:
                    raise ValidationError("too long")
            except ValidationError:
                checked.warnings.append(_("Invalid link ignored: “%(url)s”.") % {"url": url[:200]})
                continue
            if url not in checked.urls:
                checked.urls.append(url)

    def _match_vocabularies(self, record, checked):
        themes, territories, keywords = [], [], []
        if self.provides("themes"):
            themes = checked.themes = self._match(record.themes, self.lookup.theme, TermeCandidat.Vocabulaire.THEME,
                                                  checked)
        if self.provides("territoires"):
            territories = checked.territoires = self._match(
                record.territoires, self.lookup.territory, TermeCandidat.Vocabulaire.TERRITOIRE, checked)
        if self.provides("mots_cles"):
            keywords = checked.mots_cles = [clean_text(keyword) for keyword in record.mots_cles]
        if record.sujets:  # RIS keywords: a theme, else a territory, else a free keyword
            for label in map(clean_text, record.sujets):
                if theme := self.lookup.theme(label):
                    themes.append(theme)
                    checked.mapped.append((TermeCandidat.Vocabulaire.THEME, label, str(theme)))
                elif territory := self.lookup.territory(label):
                    territories.append(territory)
                    checked.mapped.append((TermeCandidat.Vocabulaire.TERRITOIRE, label, str(territory)))
                else:
                    keywords.append(label)
            checked.themes, checked.territoires, checked.mots_cles = themes, territories, keywords
        if checked.mots_cles is not None:
            checked.mots_cles = _kept_keywords(checked.mots_cles, checked.warnings)
        for name in ("themes", "territoires"):
            items = getattr(checked, name)
            if items is not None:
                setattr(checked, name, list({item.pk: item for item in items}.values()))

    @staticmethod
    def _match(labels, lookup, vocabulary, checked):
        """The vocabulary entries of these labels; unknown labels are kept for the documentalist."""
        found = []
        for label in map(clean_text, labels):
            entry = lookup(label)
            if entry:
                found.append(entry)
                checked.mapped.append((vocabulary, label, str(entry)))
            elif label:
                checked.unknown.append((vocabulary, label))
        return found

    # -- file ------------------------------------------------------------------------------------

    def _find_file(self, name):
        """(path, sha1, name) of the file named by the record, looked up in the files folder (never
        outside it), and None or the (name, message) telling why it was not found."""
        clean = name.strip()
        if not self.files_dir:
            return None, (clean, _("File “%(name)s” not attached: no files folder given (--files-dir).")
                          % {"name": clean})
        windows = PureWindowsPath(clean)
        candidates = []
        relative = PurePosixPath(clean.replace("\\", "/"))
        if not relative.is_absolute() and not windows.drive and ".." not in relative.parts:
            candidates.append(self.files_dir / relative)
        candidates.append(self.files_dir / windows.name)
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and resolved.is_relative_to(self.files_dir):
                return (resolved, _sha1(resolved), windows.name), None
        return None, (clean, _("File “%(name)s” not found in the files folder.") % {"name": clean})


def _document_type(raw, checked):
    """The type's code; None for a type nobody declared, its label kept among the unknown labels."""
    code = resolve_type(raw) if raw else TypeDocument.AUTRE
    if code is None:
        checked.unknown.append((TermeCandidat.Vocabulaire.TYPE, raw))
    elif raw:
        checked.mapped.append((TermeCandidat.Vocabulaire.TYPE, raw, document_types.label(code)))
    return code


def _language(raw, warnings):
    code = resolve_language(raw) if raw else Langue.FRANCAIS
    if code is None:
        warnings.append(_("Unknown language “%(value)s”: recorded as Other.") % {"value": raw})
        code = Langue.AUTRE
    return code


def _date(value):
    match = DATE.match(value or "")
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _kept_keywords(keywords, warnings):
    """Keywords without blanks and duplicates; a keyword too long for a tag is left out."""
    kept = []
    for keyword in keywords:
        if not keyword or keyword in kept:
            continue
        if len(keyword) > TAG_MAX_LENGTH:
            warnings.append(_("Keyword too long, ignored: “%(keyword)s…”.") % {"keyword": keyword[:40]})
            continue
        kept.append(keyword)
    return kept


def _sha1(path):
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha1").hexdigest()


def only(record, attribute):
    """A copy of the record holding only one attribute (the others at their defaults)."""
    single = NoticeRecord(line=record.line)
    setattr(single, attribute, getattr(record, attribute))
    return single


def field_errors(record, attributes, lookup):
    """{attribute: reasons} of the attributes refused when each is checked alone, in their order:
    messages that each name one field (the partner API's field-by-field errors)."""
    errors = {}
    for attribute in attributes:
        try:
            Validator(lookup, provided={attribute}).check(only(record, attribute))
        except RowError as error:
            errors[attribute] = list(error.reasons)
    return errors
