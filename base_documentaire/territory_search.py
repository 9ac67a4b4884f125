"""Finding territories as an editor types: by name (case, accents, hyphens and apostrophes
ignored), by official code (INSEE commune code, QPV code "QN09312M", département number) and by
alias (`Territoire.synonymes`), in one query whatever the number of territories.

The database folds its own columns (no stored key: no migration): PostgreSQL with TRANSLATE and
LOWER over the characters `search.analysis.ascii_fold` folds, SQLite with the project's very
folding (`text.fold`), registered on the connection as a function. The typed text is cut into
words, each of which must occur in the territory's label, code or aliases; exact codes come
first, then exact names, then names starting with the text, each by level (région first).
"""
import re

from django.db import connection
from django.db.models import Case, CharField, Func, IntegerField, Value, When
from django.db.models.functions import Concat

from search.analysis import ascii_fold

from .models import Territoire
from .text import fold
from .vocabulary import synonyms

MAX_WORDS = 8
LEVEL_ORDER = [level for level, _label in Territoire.Niveau.choices]
SEPARATORS = "-'’‐–"
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def search_key(text):
    """The words of a text as the search compares them: folded, lowercase ASCII letters and digits."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def _fold_tables():
    """The one-character and several-character folds of Latin letters (É -> e, Œ -> oe), from the
    search engines' own folding, and the separators folded to a space."""
    single, multiple = {}, {}
    for char in map(chr, range(0xC0, 0x250)):
        folded = ascii_fold(char).lower()
        if folded != char and folded.isascii() and folded.isalpha():
            (single if len(folded) == 1 else multiple)[char] = folded
    single.update({char: " " for char in SEPARATORS})
    return single, multiple


SINGLE_FOLDS, MULTIPLE_FOLDS = _fold_tables()


class Folded(Func):
    """An expression's text folded as `search_key` folds it (words compared with LIKE)."""

    output_field = CharField()
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):  # SQLite and others: the Python folding
        return super().as_sql(compiler, connection, function="CRPV_FOLD", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        sql = f"TRANSLATE({sql}, %s, %s)"
        params = [*params, "".join(SINGLE_FOLDS), "".join(SINGLE_FOLDS.values())]
        for char, folded in MULTIPLE_FOLDS.items():
            sql, params = f"REPLACE({sql}, %s, %s)", [*params, char, folded]
        return f"LOWER({sql})", params


def _sqlite_fold(text):
    return None if text is None else search_key(text)


def _prepare_connection():
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.create_function("CRPV_FOLD", 1, _sqlite_fold, deterministic=True)


def search_territories(text, limit=20):
    """The territories matching what an editor typed, best first (one query); [] for blank text."""
    words = search_key(text).split()[:MAX_WORDS]
    if not words:
        return []
    _prepare_connection()
    key, code = " ".join(words), text.strip().upper()
    queryset = Territoire.objects.annotate(
        haystack=Folded(Concat("libelle", Value(" "), "code", Value(" "), "synonymes", output_field=CharField())),
        folded_name=Folded("nom"),
    )
    for word in words:
        queryset = queryset.filter(haystack__contains=word)
    queryset = queryset.annotate(
        rank=Case(
            When(code__iexact=code, then=Value(0)),
            When(folded_name=key, then=Value(1)),
            When(folded_name__startswith=key, then=Value(2)),
            default=Value(3), output_field=IntegerField()),
        level_rank=Case(*[When(niveau=level, then=Value(index)) for index, level in enumerate(LEVEL_ORDER)],
                        default=Value(len(LEVEL_ORDER)), output_field=IntegerField()),
    ).order_by("rank", "level_rank", "folded_name", "libelle")
    fields = ("pk", "libelle", "nom", "niveau", "code", "synonymes")
    return [_result(row, words) for row in queryset.values_list(*fields)[:limit]]


def _result(row, words):
    pk, libelle, nom, niveau, code, text = row
    found_by = ""
    if not _has_all(search_key(f"{libelle} {code}"), words):
        found_by = next((alias for alias in synonyms(text) if _has_all(search_key(alias), words)), "")
    return {"id": pk, "label": libelle, "level": str(Territoire.Niveau(niveau).label), "code": code,
            "alias": found_by}


def _has_all(key, words):
    return all(word in key for word in words)


def chosen(ids):
    """The territories of these ids (strings or numbers; anything else ignored), by label."""
    ids = [value for value in map(str, ids) if value.isascii() and value.isdigit()]
    if not ids:
        return []
    return list(Territoire.objects.filter(pk__in=ids).only("pk", "libelle"))
