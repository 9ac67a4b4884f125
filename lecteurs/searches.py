"""Saved searches: a search of the documentary base kept as its canonical query string.

The query is validated by the documentary search service (the same rules as the results page) and
rewritten canonically — text, facet values, years, sort; never the page — so that a saved search reruns
exactly and two saves of the same search look the same.
"""
from django.http import QueryDict
from django.utils.translation import gettext as _

from base_documentaire import search_options, search_service
from base_documentaire.models import BaseDocumentairePage

from .models import MAX_SAVED_SEARCHES, QUERY_LENGTH, RechercheEnregistree


class SaveError(ValueError):
    """A save refused, with its French message."""


def canonical_query(params):
    """The canonical query string of a search's parameters (raises search_service.InvalidSearch)."""
    search = search_service.parse(params)
    query = QueryDict(mutable=True)
    if search.text:
        query["q"] = search.text
    for facet in search_options.FACET_OPTIONS:
        if facet.field in search.filters:
            query.setlist(facet.field, search.filters[facet.field])
    if search.year_min:
        query["annee_min"] = str(search.year_min)
    if search.year_max:
        query["annee_max"] = str(search.year_max)
    if search.sort.key != "pertinence":
        query["tri"] = search.sort.key
    return query.urlencode()


def save(user, name, query_string):
    """Save the search under `name`; raises SaveError with a French message."""
    try:
        query = canonical_query(QueryDict(query_string))
    except search_service.InvalidSearch as invalid:
        raise SaveError(" ".join(str(message) for message in invalid.errors.values())) from None
    if len(query) > QUERY_LENGTH:
        raise SaveError(_("This search is too long to be saved."))
    if RechercheEnregistree.objects.filter(lecteur=user).count() >= MAX_SAVED_SEARCHES:
        raise SaveError(_("You already have %(max)s saved searches: delete one first.") % {"max": MAX_SAVED_SEARCHES})
    if RechercheEnregistree.objects.filter(lecteur=user, nom=name).exists():
        raise SaveError(_("You already have a saved search with this name."))
    return RechercheEnregistree.objects.create(lecteur=user, nom=name, requete=query)


def summary(query_string):
    """What a saved search looks for, in words: [(label, values)]."""
    params = QueryDict(query_string)
    parts = []
    if params.get("q"):
        parts.append((_("Words"), params["q"]))
    for facet in search_options.FACET_OPTIONS:
        if params.getlist(facet.field):
            parts.append((str(facet.label), ", ".join(params.getlist(facet.field))))
    if params.get("annee_min") or params.get("annee_max"):
        parts.append((_("Years"), f"{params.get('annee_min', '…')}–{params.get('annee_max', '…')}"))
    sort = search_options.SORTS_BY_KEY.get(params.get("tri", ""))
    if sort:
        parts.append((_("Sort by"), str(sort.label)))
    return parts or [(_("Search"), _("all notices"))]


def search_page_url():
    """The public documentary page's URL, or None when the site has none."""
    page = BaseDocumentairePage.objects.live().first()
    return page.url if page else None


def rerun_url(search, page_url):
    return f"{page_url}?{search.requete}" if search.requete else page_url
