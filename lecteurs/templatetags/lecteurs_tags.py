"""Template tags of the reader's space: the basket's content, whether the visitor is a reader."""
from django import template

from .. import basket
from ..access import is_reader as _is_reader

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_ids(context):
    """Ids of the published notices in the visitor's basket (computed once per request)."""
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return []
    return basket.ids(request)


@register.filter
def is_reader(user):
    return _is_reader(user)
