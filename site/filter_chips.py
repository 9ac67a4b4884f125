"""Active filters of a listing as chips (the documentary search, the agenda): each chip's link is the query
string without its own value, back on the first page. Shown by the template includes/filter_chips.html."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Chip:
    label: str  # "Thème"
    value: str  # "Logement"
    query: str  # the query string without this filter


def query_without(params, field, value, *also):
    """The query string `params` (a QueryDict) without `value` of `field` (every value when None), nor the
    fields `also`, back on the first page."""
    kept = params.copy()
    if value is None:
        kept.pop(field, None)
    else:
        kept.setlist(field, [v for v in kept.getlist(field) if v.strip() != value])
    for name in (*also, "page"):
        kept.pop(name, None)
    return kept.urlencode()
