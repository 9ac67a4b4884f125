"""Link a territoire to its fiche from any template: `{% load territoires_tags %}`.

`{% territoire_link territoire %}`: a link to the fiche when the territoire has one, else to the
documentary search on it (`search=False`: plain text instead); `{% fiche_url territoire as url %}`.
"""
from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from .. import links

register = template.Library()


@register.simple_tag(takes_context=True)
def territoire_link(context, territoire, search=True):
    request = context.get("request")
    url = links.fiche_url(territoire, request)
    if url:
        return format_html('<a href="{}">{}</a>', url, territoire.libelle)
    url = links.documentary_search_url(territoire, request=request) if search else ""
    if url:
        return format_html('<a href="{}">{}<span class="visually-hidden"> ({})</span></a>',
                           url, territoire.libelle, gettext("documents in the documentary base"))
    return format_html("{}", territoire.libelle)


@register.simple_tag(takes_context=True)
def fiche_url(context, territoire):
    return links.fiche_url(territoire, context.get("request"))
