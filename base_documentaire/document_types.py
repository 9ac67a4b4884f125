"""The document types as every module reads them: one table (the `TypeDocument` rows), read once
per process and read again after a change: a save or delete clears this process's copy and bumps a
version number in Django's cache, which the other processes compare with theirs at most every
CHECK_SECONDS (a cache read: with production's database cache, a query; read for every notice shown
it made most of a results page's queries).

- `label(code)`: the French label shown for a code (the code itself if nobody declared it);
- `mapping(code, column, default)`: how the type is written in an export vocabulary
  (``ris_type``, ``bibtex_type``, ``csl_type``, ``schema_org_type``, ``dcmi_type``,
  ``unimarc_type_notice``, ``unimarc_200b``);
- `resolve(value)`: the code of a value written by a source (code, label, alias, RIS type), folded.
"""
from django.db.models.signals import post_delete, post_save

from .models.types import TypeDocument
from .shared_version import SharedVersion
from .text import fold

VERSION_KEY = "base_documentaire:document_types:version"
CHECK_SECONDS = 2.0  # how late another process's change may be seen here
_version = SharedVersion(VERSION_KEY, CHECK_SECONDS)
_state = {"table": None}


class TypeTable:
    """The rows by code and the folded names (code, label, aliases, RIS type) of each code."""

    def __init__(self, rows):
        self.by_code = {row.code: row for row in rows}
        self.names = {}
        for row in rows:  # mapped RIS types first: a label or an alias written out wins over them
            if row.ris_type:
                self.names.setdefault(fold(row.ris_type), row.code)
        for row in rows:
            for name in (row.code, row.code.replace("_", " "), row.libelle, *row.alias_list()):
                self.names[fold(name)] = row.code

    def resolve(self, value):
        key = fold(value).strip(" .")
        if not key:
            return None
        return self.names.get(key) or self.names.get(key.replace("’", "'"))


def table():
    """The current `TypeTable` (one query when this process never read it or another changed it)."""
    if _version.changed() or _state["table"] is None:
        _state["table"] = TypeTable(list(TypeDocument.objects.all()))
    return _state["table"]


def clear(**_kwargs):
    """Read the table again on next use, here and in the other processes."""
    _state["table"] = None
    _version.bump()


post_save.connect(clear, sender=TypeDocument, dispatch_uid="document_types_clear_save")
post_delete.connect(clear, sender=TypeDocument, dispatch_uid="document_types_clear_delete")


def get(code):
    return table().by_code.get(code) if code else None


def label(code):
    row = get(code)
    return row.libelle if row else (code or "")


def mapping(code, column, default=""):
    row = get(code)
    return (getattr(row, column) if row else "") or default


def resolve(value):
    """A type code from a code, a label, an alias or a RIS type (case and accents ignored); None if unknown."""
    return table().resolve(value or "")


def codes():
    return sorted(table().by_code)


def choices():
    return sorted(((row.code, row.libelle) for row in table().by_code.values()), key=lambda pair: fold(pair[1]))
