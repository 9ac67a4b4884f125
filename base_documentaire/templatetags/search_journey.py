"""Template tags of the documentary search page: facets as trees, active filters as chips."""
from django import template
from django.utils.translation import gettext as _

from crpv_site.filter_chips import Chip, query_without

from .. import facet_tree
from ..search_options import FACET_OPTIONS
from .documentaire_tags import facet_values

register = template.Library()
KEPT_BY_RESET = ("q", "tri")


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
            chips.append(Chip(str(facet.label), value, query_without(params, facet.field, value)))
    years = [params.get(name, "").strip() for name in ("annee_min", "annee_max")]
    if any(years):
        chips.append(Chip(_("Years"), _years_text(*years), query_without(params, "annee_min", None, "annee_max")))
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


def _years_text(start, end):
    if start and end:
        return _("%(start)s to %(end)s") % {"start": start, "end": end}
    return (_("from %(year)s") % {"year": start}) if start else (_("until %(year)s") % {"year": end})
