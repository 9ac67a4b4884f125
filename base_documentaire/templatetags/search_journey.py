"""Template tags of the documentary search page: facets as trees, active filters as chips."""
from dataclasses import dataclass

from django import template
from django.utils.translation import gettext as _

from .. import facet_tree
from ..search_options import FACET_OPTIONS
from .documentaire_tags import facet_values

register = template.Library()
KEPT_BY_RESET = ("q", "tri")


@dataclass(frozen=True)
class Chip:
    label: str  # "Thème"
    value: str  # "Logement"
    query: str  # the query string without this filter


@register.simple_tag(takes_context=True)
def facet_nodes(context, field):
    """The facet's values: a tree (FacetNodes) for thème and territoire, else flat nodes."""
    rows = facet_values(context, field)
    if field in facet_tree.TREE_FACETS:
        return facet_tree.build(field, rows)
    return [facet_tree.FacetNode(value, count, selected, key=position)
            for position, (value, count, selected) in enumerate(rows, start=1)]


@register.simple_tag(takes_context=True)
def active_filters(context):
    """One Chip per selected facet value, and one for the years, each removing only itself."""
    params = context["request"].GET
    chips = []
    for facet in FACET_OPTIONS:
        for value in dict.fromkeys(v.strip() for v in params.getlist(facet.field) if v.strip()):
            chips.append(Chip(str(facet.label), value, _without(params, facet.field, value)))
    years = [params.get(name, "").strip() for name in ("annee_min", "annee_max")]
    if any(years):
        chips.append(Chip(_("Years"), _years_text(*years), _without(params, "annee_min", None, "annee_max")))
    return chips


@register.simple_tag(takes_context=True)
def reset_query(context):
    """The query string without any filter: the search text and the sort stay."""
    params = context["request"].GET
    kept = params.copy()
    for key in list(kept):
        if key not in KEPT_BY_RESET or not kept.get(key):
            kept.pop(key)
    return kept.urlencode()


def _without(params, field, value, *also):
    """The query string without `value` of `field` (every value when None), nor the fields `also`,
    back on the first page."""
    kept = params.copy()
    if value is None:
        kept.pop(field, None)
    else:
        kept.setlist(field, [v for v in kept.getlist(field) if v.strip() != value])
    for name in (*also, "page"):
        kept.pop(name, None)
    return kept.urlencode()


def _years_text(start, end):
    if start and end:
        return _("%(start)s to %(end)s") % {"start": start, "end": end}
    return (_("from %(year)s") % {"year": start}) if start else (_("until %(year)s") % {"year": end})
