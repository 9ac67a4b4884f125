"""The results' links to their notices (base_documentaire.document_search.result_url)."""
from django import template

from .. import document_search

register = template.Library()


@register.simple_tag
def notice_result_url(url, page_url, notice, link_query, text):
    """``url`` when given (the site search builds it), else the notice under ``page_url`` with ``link_query``
    (search_hooks); ``dans=<text>`` added when the result shows hits by page."""
    if url:
        return document_search.result_url(url, "", notice, text)
    return document_search.result_url(f"{page_url}notices/{notice.pk}/", link_query or "", notice, text)
