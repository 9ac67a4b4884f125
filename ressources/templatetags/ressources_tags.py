from django import template
from django.utils.translation import gettext_lazy as _

from ressources.related import related_by_theme_then_territory

register = template.Library()
SAME_VOCABULARY = _("On the same themes and territories")


@register.inclusion_tag("ressources/includes/related.html")
def related_to(obj, limit=5, heading_level=2):
    """"Sur les mêmes thèmes et territoires": the related lists of a tagged page or snippet."""
    theme_ids = [theme.pk for theme in obj.themes.all()]
    territory_ids = [territory.pk for territory in obj.territoires.all()]
    lists = related_by_theme_then_territory(theme_ids, territory_ids, limit=limit, exclude=obj)
    return {"lists": lists, "heading_level": heading_level, "heading": SAME_VOCABULARY}


@register.inclusion_tag("ressources/includes/related.html")
def related_lists(lists, heading=None, heading_level=2):
    return {"lists": lists, "heading_level": heading_level, "heading": heading or SAME_VOCABULARY}
