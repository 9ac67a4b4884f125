"""GET /api/v1/notices/: the documentary search as JSON (documented in the README).

Each result carries its hits by page (``pages``: page number, passage, the file's absolute address at
``#page=N``) when the search text is found in its public PDFs. A search through the API is heard by the
base's hooks like one of the search page (search_hooks.search_done: the statistics count it), but its
results' ``url`` stays the notice's permalink."""
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import search_hooks, search_service
from .models import BaseDocumentairePage


@require_GET
def api_notices(request):
    try:
        search_request = search_service.parse(request.GET)
        results = search_service.run(search_request)
    except search_service.InvalidSearch as invalid:
        return JsonResponse({"errors": invalid.errors}, status=400)
    except search_service.SearchUnavailable:
        return JsonResponse({"errors": {"__all__": _("The search is unavailable for the moment.")}}, status=503)
    search_hooks.search_done(request, search_request, results)  # its link parameters are for HTML results only
    page = BaseDocumentairePage.objects.live().first()
    return JsonResponse({
        "count": results.total,
        "page": search_request.page,
        "suggestion": search_service.suggestion(results),
        "results": [api_result(request, page, notice, highlights) for notice, highlights in results.notices],
        "facets": {field: [{"value": value, "count": count} for value, count in values]
                   for field, values in results.facets.items()},
    }, json_dumps_params={"ensure_ascii": False})


def api_result(request, page, notice, highlights):
    return {
        "id": notice.pk,
        "external_id": notice.external_id,
        "titre": notice.titre,
        "url": request.build_absolute_uri(page.notice_url(notice, request)) if page else None,
        "type": notice.get_type_document_display(),
        "annee": notice.annee,
        "themes": [theme.nom for theme in notice.themes.all()],
        "territoires": [territory.libelle for territory in notice.territoires.all()],
        "highlight": highlights,
        "pages": [api_page(request, hit) for hit in getattr(notice, "page_hits", ())],
    }


def api_page(request, hit):
    """One hit by page: {"page": 37, "passage": "… <mark>rénovation</mark> …", "fichier": "Rapport annuel 2023",
    "url": "https://…/documents/12/rapport.pdf#page=37"} (the passage is HTML-escaped text, like "highlight")."""
    return {"page": hit.page, "passage": hit.passage, "fichier": hit.title, "url": request.build_absolute_uri(hit.url)}
