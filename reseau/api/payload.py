"""JSON bodies of the partner API, turned into the import's `NoticeRecord`.

Only the JSON shapes are checked here (a string where a string is expected, a list of strings…);
what the values mean (type labels, years, languages, lengths, vocabulary labels) is judged by the
import pipeline, so a notice sent through the API obeys exactly the CSV import's rules.
"""
from django.utils.translation import gettext as _

from base_documentaire.importers.records import Auteur, NoticeRecord, author_nature

# API field -> NoticeRecord attribute. The first ones are the CSV import's columns.
TEXT_FIELDS = {
    "titre": "titre", "resume": "resume", "type": "type", "langue": "langue", "sous_titre": "sous_titre",
    "editeur": "editeur", "lieu_edition": "lieu", "collection": "collection", "collation": "collation",
    "isbn": "isbn", "issn": "issn",
}
LIST_FIELDS = {"themes": "themes", "territoires": "territoires", "mots_cles": "mots_cles", "urls": "urls"}
OTHER_FIELDS = {"id": "external_id", "annee": "annee", "auteurs": "auteurs"}
ORDER = ("id", "titre", "sous_titre", "resume", "type", "auteurs", "annee", "themes", "territoires", "langue",
         "editeur", "lieu_edition", "collection", "collation", "isbn", "issn", "mots_cles", "urls")
WRITABLE = {name: {**OTHER_FIELDS, **TEXT_FIELDS, **LIST_FIELDS}[name] for name in ORDER}
# Given by GET: accepted and ignored in a body, so a partner may send back what it read.
READ_ONLY = {"numero", "statut", "en_ligne", "url", "fichiers", "modifie_le", "avertissements"}
ID_MAX_LENGTH = 255
AUTHOR_NATURES = ("personne", "collectivite")


class PayloadErrors(Exception):
    """Field-by-field French messages: {"titre": ["…"]}."""

    def __init__(self, errors):
        super().__init__(str(errors))
        self.errors = errors


def parse(body, *, partial):
    """(NoticeRecord, provided attributes, external id given or None); PayloadErrors if shapes are wrong."""
    if not isinstance(body, dict):
        raise PayloadErrors({"non_field_errors": [_("The body must be a JSON object.")]})
    errors = {}
    record = NoticeRecord(line=1)
    for name in sorted(set(body) - set(WRITABLE) - READ_ONLY):
        errors[name] = [_("Unknown field.")]
    for name, attribute in TEXT_FIELDS.items():
        if name in body:
            value = body[name]
            if value is None:
                value = ""
            if isinstance(value, str):
                setattr(record, attribute, value)
            else:
                errors[name] = [_("Must be a string.")]
    for name, attribute in LIST_FIELDS.items():
        if name in body:
            value = _string_list(body[name])
            if value is None:
                errors[name] = [_("Must be a list of strings.")]
            else:
                setattr(record, attribute, value)
    _parse_year(body, record, errors)
    _parse_authors(body, record, errors)
    external_id = _parse_id(body, errors)
    if errors:
        raise PayloadErrors(errors)
    given = set(body) & set(WRITABLE)
    provided = {WRITABLE[name] for name in given} if partial else set(WRITABLE.values())
    provided.discard("external_id")
    return record, provided, external_id


def _string_list(value):
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def _parse_year(body, record, errors):
    if "annee" not in body:
        return
    value = body["annee"]
    if value is None:
        record.annee = ""
    elif isinstance(value, bool) or not isinstance(value, (int, str)):
        errors["annee"] = [_("Must be a year (an integer).")]
    else:
        record.annee = str(value)


def _parse_authors(body, record, errors):
    if "auteurs" not in body:
        return
    value = body["auteurs"] if body["auteurs"] is not None else []
    if not isinstance(value, list):
        errors["auteurs"] = [_("Must be a list of authors.")]
        return
    authors = []
    for item in value:
        if isinstance(item, str):
            authors.append(Auteur(item, author_nature(item)))
        elif isinstance(item, dict) and isinstance(item.get("nom"), str) and all(
                isinstance(item.get(key, ""), str) for key in ("nature", "role")):
            nature = item.get("nature") or author_nature(item["nom"])
            if nature not in AUTHOR_NATURES:
                errors["auteurs"] = [_("Unknown author kind “%(value)s” (personne or collectivite).")
                                     % {"value": nature[:40]}]
                return
            authors.append(Auteur(item["nom"], nature, item.get("role", "")))
        else:
            errors["auteurs"] = [_("Each author is a name or an object {\"nom\", \"nature\", \"role\"}.")]
            return
    record.auteurs = authors


def _parse_id(body, errors):
    if "id" not in body or body["id"] is None:
        return None
    value = body["id"]
    if not isinstance(value, str):
        errors["id"] = [_("Must be a string.")]
        return None
    value = " ".join(value.split())
    if not value:
        errors["id"] = [_("The identifier cannot be empty.")]
    elif len(value) > ID_MAX_LENGTH:
        errors["id"] = [_("The identifier is too long (at most %(max)d characters).") % {"max": ID_MAX_LENGTH}]
    elif "/" in value:
        errors["id"] = [_("The identifier cannot contain “/” (it is part of the notice's address).")]
    return value
