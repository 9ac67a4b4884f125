"""« Rechercher dans ce document »: the notice page's box listing the pages of its files that
match some words (GET parameter ``dans``), each with its passage and a link to the PDF there.

A result showing hits by page links to its notice with the search's words as ``dans`` (``result_url``), so the
notice page opens with its box filled and those pages listed. The words ride in the address, never in a session:
anonymous pages are cached by their full address. Other results' links stay as they were."""
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import search_options, search_service

PARAMETER = "dans"


def searchable(files):
    """Whether the notice has a public PDF with text: the box is shown only then."""
    return any(fichier.type_mime == "application/pdf" and fichier.texte for fichier in files)


def context(request, notice, files):
    """The box's context: ``document_search`` is None when the box is not shown."""
    if not searchable(files):
        return {"document_search": None}
    state = {"parameter": PARAMETER, "text": "", "asked": PARAMETER in request.GET, "hits": [], "error": ""}
    if state["asked"]:
        state["text"] = request.GET.get(PARAMETER, "")[:search_options.MAX_QUERY_LENGTH * 2]
        try:
            state["hits"] = search_service.search_in_notice(notice.pk, state["text"])
        except search_service.InvalidSearch as invalid:
            state["error"] = invalid.errors[PARAMETER]
        except search_service.SearchUnavailable:
            state["error"] = _("The search is unavailable for the moment.")
    return {"document_search": state}


def result_url(url, link_query, notice, text):
    """A result's link: ``url`` (the notice's page) with ``link_query`` ("?from=…" or ""), plus ``dans=<text>``
    when the result shows hits by page (``notice.page_hits``) for a search text."""
    text = " ".join((text or "").split())[:search_options.MAX_QUERY_LENGTH]
    if not (text and getattr(notice, "page_hits", None)):
        return url + link_query
    return f"{url}{link_query}{'&' if link_query else '?'}{urlencode({PARAMETER: text})}"
