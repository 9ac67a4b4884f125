from django import template
from django.utils.translation import gettext_lazy as _

from ressources.related import related_content

register = template.Library()
SAME_VOCABULARY = _("On the same themes and territories")


@register.inclusion_tag("ressources/includes/related.html")
def related_to(obj, limit=5, heading_level=2):
    """"Sur les mêmes thèmes et territoires": the related lists of a tagged page or snippet."""
    theme_ids = [theme.pk for theme in obj.themes.all()]
    territory_ids = [territory.pk for territory in obj.territoires.all()]
    lists = related_content(theme_ids=theme_ids, territory_ids=None, limit=limit, exclude=obj) if theme_ids else []
    if territory_ids:
        lists += related_content(theme_ids=None, territory_ids=territory_ids, limit=limit, exclude=obj)
    return {"lists": _merge(lists), "heading_level": heading_level, "heading": SAME_VOCABULARY}


@register.inclusion_tag("ressources/includes/related.html")
def related_lists(lists, heading=None, heading_level=2):
    return {"lists": lists, "heading_level": heading_level, "heading": heading or SAME_VOCABULARY}


def _merge(lists):
    """One list per source: items found by theme first, then those found by territory."""
    merged = {}
    for related in lists:
        if related.source.key in merged:
            previous = merged[related.source.key]
            seen = {item.url for item in previous.items}
            extra = [item for item in related.items if item.url not in seen]
            merged[related.source.key] = previous.__class__(previous.source, previous.items + extra,
                                                            max(previous.total, related.total), previous.see_all_url)
        else:
            merged[related.source.key] = related
    return list(merged.values())
