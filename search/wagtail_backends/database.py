"""Wagtail's database backend (SQLite FTS5 or PostgreSQL) fed with the embedded engine's analysis.

The database engines know no French: their index receives the analysed forms of
search/analysis.py instead of the raw text ("Écoles" is stored as "ecol"), and every query is
analysed the same way before it is compiled, so both sides meet on the same forms.
Autocomplete columns keep unstemmed folded words, completed as prefixes.
"""
import copy
from functools import lru_cache

from modelsearch.backends import database
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import MATCH_ALL, And, Boost, Fuzzy, Not, Or, Phrase, PlainText

from ..analysis import analyse, unstemmed_words


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    params = {"SEARCH_CONFIG": "simple", **params}  # PostgreSQL: our forms, no stemming of its own
    backend = database.SearchBackend(params)
    backend.index_class = french_class(type(backend).index_class, AnalysedIndexMixin)
    backend.query_compiler_class = french_class(type(backend).query_compiler_class, AnalysedQueryMixin)
    backend.autocomplete_query_compiler_class = french_class(
        type(backend).autocomplete_query_compiler_class, AnalysedAutocompleteMixin)
    return backend


@lru_cache(maxsize=None)
def french_class(base, mixin):
    return type(f"French{base.__name__}", (mixin, base), {})


# Indexing ------------------------------------------------------------------------------------
def analysed_text(value):
    return " ".join(analyse(str(value))) if value else ""


def autocomplete_text(value):
    return " ".join(unstemmed_words(str(value))) if value else ""


class AnalysedIndexMixin:
    """Index the analysed forms of each object's search fields."""

    def add_items(self, model, objs):
        fields = tuple(analysed_field(field) for field in model.get_search_fields())
        super().add_items(model, [AnalysedObject(obj, fields) for obj in objs])


class AnalysedObject:
    """What the backend's indexer reads of an object: its key and its (analysed) search fields."""

    def __init__(self, obj, search_fields):
        self.obj = obj
        self.pk = obj.pk
        self.search_fields = search_fields

    def get_search_fields(self):
        return self.search_fields


def analysed_field(field):
    """A copy of a search field whose value is read from the real object and analysed."""
    clone = copy.copy(field)
    if isinstance(field, RelatedFields):
        clone.fields = [analysed_field(sub_field) for sub_field in field.fields]
        clone.get_value = lambda obj: field.get_value(unwrapped(obj))
    elif isinstance(field, SearchField):
        clone.get_value = lambda obj: analysed_text(field.get_value(unwrapped(obj)))
    elif isinstance(field, AutocompleteField):
        clone.get_value = lambda obj: autocomplete_text(field.get_value(unwrapped(obj)))
    return clone


def unwrapped(obj):
    return obj.obj if isinstance(obj, AnalysedObject) else obj


# Queries -------------------------------------------------------------------------------------
class AnalysedQueryMixin:
    analyse_words = staticmethod(analysed_text)

    def __init__(self, queryset, query, *args, **kwargs):
        super().__init__(queryset, query, *args, **kwargs)
        # Text without any word ("-", "((("): no result, as on the clusters.
        self.query = analysed_query(self.query, self.analyse_words) or Not(MATCH_ALL)


class AnalysedAutocompleteMixin(AnalysedQueryMixin):
    analyse_words = staticmethod(autocomplete_text)


def analysed_query(query, analyse_words):
    """The same query tree with every text replaced by its analysed forms; None where no word is left."""
    if isinstance(query, (PlainText, Fuzzy, Phrase)):
        words = analyse_words(query.query_string)
        if not words:
            return None
        clone = copy.copy(query)
        clone.query_string = words
        return clone
    if isinstance(query, (And, Or)):
        subqueries = [analysed for subquery in query.subqueries
                      if (analysed := analysed_query(subquery, analyse_words)) is not None]
        return type(query)(subqueries) if subqueries else None
    if isinstance(query, Not):
        subquery = analysed_query(query.subquery, analyse_words)
        return Not(subquery) if subquery is not None else None
    if isinstance(query, Boost):
        subquery = analysed_query(query.subquery, analyse_words)
        return Boost(subquery, query.boost) if subquery is not None else None
    return query  # MatchAll
