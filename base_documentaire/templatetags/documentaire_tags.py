from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def facet_values(context, field):
    """(value, count, selected) for a facet, keeping selected values the engine no longer counts."""
    results = context.get("results")
    counted = results.facets.get(field, []) if results else []
    selected = set(context["request"].GET.getlist(field))
    rows = [(value, count, value in selected) for value, count in counted]
    rows += [(value, 0, True) for value in sorted(selected - {value for value, _ in counted})]
    return rows


@register.filter
def field_error(errors, name):
    return errors.get(name, "") if errors else ""


@register.filter
def fragments(highlights):
    """Join highlight fragments; the engines return them HTML-escaped with only <mark> added
    (a contract test checks it), so they are safe as they are."""
    return mark_safe(" … ".join(highlights or ()))
