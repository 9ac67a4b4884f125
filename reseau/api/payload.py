"""JSON bodies of the partner API, turned into the import's `NoticeRecord`.

Their shapes are declared once, in `schemas.NoticeModification` (which also documents them), and
checked by it: a string where a string is expected, a list of strings… What the values mean (type
labels, years, languages, lengths, vocabulary labels) is judged by the import pipeline, so a notice
sent through the API obeys exactly the CSV import's rules.
"""
from django.utils.translation import gettext as _
from pydantic import ValidationError

from base_documentaire.importers.records import Auteur, NoticeRecord, author_nature
from crpv_site.request_input import has_control_characters

from .schemas import AUTHOR_NATURES, ID_MAX_LENGTH, LIST_LIMITS, NoticeEnregistree, NoticeModification  # noqa: F401

# API field -> NoticeRecord attribute. The first ones are the CSV import's columns.
TEXT_FIELDS = {
    "titre": "titre", "resume": "resume", "type": "type", "langue": "langue", "sous_titre": "sous_titre",
    "editeur": "editeur", "lieu_edition": "lieu", "collection": "collection", "collation": "collation",
    "isbn": "isbn", "issn": "issn",
}
LIST_FIELDS = {"themes": "themes", "territoires": "territoires", "mots_cles": "mots_cles", "urls": "urls"}
OTHER_FIELDS = {"id": "external_id", "annee": "annee", "auteurs": "auteurs"}
ORDER = tuple(NoticeModification.model_fields)
WRITABLE = {name: {**OTHER_FIELDS, **TEXT_FIELDS, **LIST_FIELDS}[name] for name in ORDER}
# Given by GET: accepted and ignored in a body, so a partner may send back what it read.
READ_ONLY = set(NoticeEnregistree.model_fields) - set(WRITABLE)


class PayloadErrors(Exception):
    """Field-by-field French messages: {"titre": ["…"]}."""

    def __init__(self, errors):
        super().__init__(str(errors))
        self.errors = errors


def parse(body, *, partial):
    """(NoticeRecord, provided attributes, external id given or None); PayloadErrors if shapes are wrong."""
    if not isinstance(body, dict):
        raise PayloadErrors({"non_field_errors": [_("The body must be a JSON object.")]})
    errors = {name: [_("Unknown field.")] for name in sorted(set(body) - set(WRITABLE) - READ_ONLY)}
    fields = {name: value for name, value in body.items() if name in WRITABLE}
    too_many = _too_many_values(fields)  # before any value of these lists is read
    errors.update(too_many)
    try:
        notice = NoticeModification.model_validate({name: fields[name] for name in fields if name not in too_many})
    except ValidationError as error:
        errors.update(_messages(error.errors()))
        notice = None
    errors.update({name: [_("Contains a control character: remove it (tab and line breaks are allowed).")]
                   for name in fields if name not in errors and _has_control_characters(fields[name])})
    external_id = _parse_id(notice.id, errors) if notice is not None else None
    if errors:
        raise PayloadErrors(errors)
    record = _record(notice, fields)
    provided = {WRITABLE[name] for name in fields} if partial else set(WRITABLE.values())
    provided.discard("external_id")
    return record, provided, external_id


def _has_control_characters(value):
    """Whether a string of this JSON value holds a character PostgreSQL (NUL) or XML 1.0 refuses."""
    if isinstance(value, str):
        return has_control_characters(value)
    if isinstance(value, dict):
        value = list(value.values())
    return isinstance(value, list) and any(_has_control_characters(item) for item in value)


def _too_many_values(fields):
    """{field: [message]} for each list holding more values than LIST_LIMITS allows."""
    return {name: [_("Too many values in “%(field)s”: %(count)d sent, at most %(max)d.")
                   % {"field": name, "count": len(fields[name]), "max": limit}]
            for name, limit in LIST_LIMITS.items()
            if isinstance(fields.get(name), list) and len(fields[name]) > limit}


def _record(notice, given):
    record = NoticeRecord(line=1)
    for name, attribute in TEXT_FIELDS.items():
        if name in given:
            setattr(record, attribute, getattr(notice, name) or "")
    for name, attribute in LIST_FIELDS.items():
        if name in given:
            setattr(record, attribute, getattr(notice, name) or [])
    if "annee" in given:
        record.annee = "" if notice.annee is None else str(notice.annee)
    if "auteurs" in given:
        record.auteurs = [_author(item) for item in notice.auteurs or []]
    return record


def _author(item):
    if isinstance(item, str):
        return Auteur(item, author_nature(item))
    return Auteur(item.nom, item.nature or author_nature(item.nom), item.role)


def _parse_id(value, errors):
    if value is None:
        return None
    value = " ".join(value.split())
    if not value:
        errors["id"] = [_("The identifier cannot be empty.")]
    return value


# -- French messages for the model's errors, one per field ------------------------------------------

def _messages(details):
    """{field: [message]} from pydantic's errors (the first author in error speaks for the list)."""
    by_field = {}
    for detail in details:
        by_field.setdefault(detail["loc"][0], []).append(detail)
    return {name: [_message(name, found)] for name, found in by_field.items()}


def _message(name, details):
    if name in TEXT_FIELDS:
        return _("Must be a string.")
    if name in LIST_FIELDS:
        return _("Must be a list of strings.")
    if name == "annee":
        return _("Must be a year (an integer).")
    if name == "auteurs":
        return _author_message(details)
    return _id_message(details[0])


def _author_message(details):
    if any(len(detail["loc"]) == 1 for detail in details):
        return _("Must be a list of authors.")
    first = min(detail["loc"][1] for detail in details)
    for detail in details:
        if detail["loc"][1] == first and detail["loc"][-1] == "nature" and detail["type"] == "literal_error":
            return (_("Unknown author kind “%(value)s” (personne or collectivite).")
                    % {"value": str(detail["input"])[:40]})
    return _("Each author is a name or an object {\"nom\", \"nature\", \"role\"}.")


def _id_message(detail):
    if detail["type"] == "string_too_long":
        return _("The identifier is too long (at most %(max)d characters).") % {"max": ID_MAX_LENGTH}
    if detail["type"] == "string_pattern_mismatch":
        return _("The identifier cannot contain “/” (it is part of the notice's address).")
    return _("Must be a string.")
