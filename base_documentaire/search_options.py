"""The documentary search's facets, sorts and limits, declared as data."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .documents import FACETS


@dataclass(frozen=True)
class Facet:
    field: str  # keyword field of the index, also the URL parameter
    label: str


@dataclass(frozen=True)
class Sort:
    key: str  # URL value of `tri`
    engine_sort: str
    label: str


FACET_OPTIONS = (
    Facet("theme", _("Theme")),
    Facet("territoire", _("Territory")),
    Facet("type", _("Document type")),
    Facet("annee", _("Year")),
    Facet("contributeur", _("Contributor")),
    Facet("disponibilite", _("Availability")),
)
assert tuple(facet.field for facet in FACET_OPTIONS) == FACETS

SORT_OPTIONS = (
    Sort("pertinence", "relevance", _("Relevance")),
    Sort("date", "-date", _("Most recent first")),
    Sort("date_asc", "date", _("Oldest first")),
    Sort("titre", "titre", _("Title (A to Z)")),
)
SORTS_BY_KEY = {sort.key: sort for sort in SORT_OPTIONS}

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 500
MAX_FILTER_VALUES = 50
MAX_RESULT_WINDOW = 10_000  # deepest result reachable by paging
YEAR_MIN, YEAR_MAX = 1800, 2100
