"""The search an alert follows, stored canonically: the same search from different URLs (parameters in
another order, repeated values, sort, page, extra spaces) is the same search.

The canonical form is the query string of the results page reduced to what selects notices: `q`,
then each facet's values (sorted, deduplicated), then `annee_min` / `annee_max`. It is validated by the
documentary search itself (`search_service.parse`), so an alert accepts exactly what the page accepts,
with the same French messages. Alerts are grouped by `key()`: the canonical form with the text folded
(case and accents do not change what the engine finds).
"""
import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from base_documentaire import search_service
from base_documentaire.documents import FACETS
from base_documentaire.search_options import FACET_OPTIONS, SORTS_BY_KEY
from base_documentaire.text import fold

YEAR_PARAMETERS = ("annee_min", "annee_max")
SEARCH_PARAMETERS = ("q", *FACETS, *YEAR_PARAMETERS)


@dataclass(frozen=True)
class SavedSearch:
    text: str = ""
    filters: tuple = ()  # ((facet, (values…)), …) in FACETS order
    year_min: int = None
    year_max: int = None

    @classmethod
    def from_params(cls, params):
        """From a QueryDict-like object (a results page's GET, a form's POST); other parameters (sort,
        page…) are ignored. Raises search_service.InvalidSearch with the search's own messages."""
        selected = QueryDict(mutable=True)
        for name in SEARCH_PARAMETERS:
            selected.setlist(name, params.getlist(name))
        request = search_service.parse(selected)
        return cls(request.text, tuple((facet, tuple(request.filters[facet])) for facet in FACETS
                                       if facet in request.filters), request.year_min, request.year_max)

    @classmethod
    def from_query_string(cls, query_string):
        return cls.from_params(QueryDict(query_string))

    def params(self, text=None):
        text = self.text if text is None else text
        pairs = [("q", text)] if text else []
        pairs += [(facet, value) for facet, values in self.filters for value in values]
        pairs += [(name, str(year)) for name, year in zip(YEAR_PARAMETERS, (self.year_min, self.year_max)) if year]
        return pairs

    def query_string(self):
        """The canonical form stored in Alerte.recherche."""
        return urlencode(self.params())

    def key(self):
        return hashlib.sha256(urlencode(self.params(text=fold(self.text))).encode()).hexdigest()

    def search_request(self, page_size):
        """The documentary search's own request for this search, newest notices first."""
        return search_service.SearchRequest(self.text, {facet: list(values) for facet, values in self.filters},
                                            self.year_min, self.year_max, SORTS_BY_KEY["date"], 1, page_size)

    def results_query_string(self):
        """The results page of this search, newest first (links of the digest)."""
        return urlencode([*self.params(), ("tri", "date")])

    def parts(self):
        """[(label, value)] describing the search in French, in the page's order."""
        labels = {facet.field: facet.label for facet in FACET_OPTIONS}
        parts = [(_("Words"), f"« {self.text} »")] if self.text else []
        parts += [(str(labels[facet]), ", ".join(values)) for facet, values in self.filters]
        if self.year_min or self.year_max:
            parts.append((_("Years"), years_text(self.year_min, self.year_max)))
        return parts

    def words(self):
        """The search in one French sentence, e.g. « logement » ; Thème : Santé ; Années : 2019 à 2024."""
        parts = self.parts()
        if not parts:
            return _("all the notices of the documentary base")
        return " ; ".join(value if label == _("Words") else f"{label} : {value}" for label, value in parts)


def years_text(year_min, year_max):
    if year_min and year_max:
        return _("%(start)s to %(end)s") % {"start": year_min, "end": year_max}
    if year_min:
        return _("from %(start)s") % {"start": year_min}
    return _("up to %(end)s") % {"end": year_max}


def search_key(query_string):
    """The grouping key of a stored canonical query string ("" when it is no longer valid)."""
    try:
        return SavedSearch.from_query_string(query_string).key()
    except search_service.InvalidSearch:
        return hashlib.sha256(query_string.encode()).hexdigest()
