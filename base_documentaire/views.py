"""HTTP side of the documentary base: the search page, notice pages, exports and the JSON API (search_api.py).
Each view parses the request and calls the search service; none knows which engine runs."""
from django.http import HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from crpv_site.request_input import parse_ids

from . import citation, document_search, exporters, search_hooks, search_options, search_service
from .covers_display import prefetch_covers
from .models import Notice
from .search_api import api_notices  # noqa: F401 (site/urls.py: GET /api/v1/notices/)

EXPORT_LIMIT = 5000


def search_page(request, page):
    context = {"page": page, "self": page, "doc_query": request.GET.get("q", ""), "errors": {},
               "sort_options": search_options.SORT_OPTIONS, "facet_options": search_options.FACET_OPTIONS}
    status = 200
    try:
        search_request = search_service.parse(request.GET)
        results = search_service.run(search_request)
        prefetch_covers([notice for notice, _highlights in results.notices])  # covers: 2 queries at most, not per notice
        context.update(search_request=search_request, results=results,
                       result_link_query=search_hooks.search_done(request, search_request, results))
    except search_service.InvalidSearch as invalid:
        context["errors"], status = invalid.errors, 400
    except search_service.SearchUnavailable:
        context["unavailable"], status = True, 503
    if "results" in context:
        context["suggestion"] = search_service.suggestion(context["results"])
    return TemplateResponse(request, "base_documentaire/search.html", context, status=status)


def notice_page(request, page, notice):
    url = request.build_absolute_uri(page.notice_url(notice, request))
    files = [link.fichier for link in notice.fichiers.all() if not link.fichier.prive]
    pdf_urls = [request.build_absolute_uri(f.url) for f in files if f.type_mime == "application/pdf"]
    context = {
        "page": page, "self": page, "notice": notice, "files": files, "permalink": url,
        "similar": search_service.similar_notices(notice),
        "citation": citation.citation_text(notice), "json_ld": citation.json_ld(notice, url),
        "highwire": citation.highwire_tags(notice, pdf_urls), "coins": citation.coins(notice, url),
        "export_formats": exporters.EXPORT_FORMATS,
    }
    context.update(document_search.context(request, notice, files))
    search_hooks.notice_opened(request, notice)
    return TemplateResponse(request, "base_documentaire/notice.html", context)


def export_notices(request, notices, fmt, filename):
    if fmt not in exporters.EXPORT_FORMATS:
        return HttpResponse(_("Unknown export format."), status=400, content_type="text/plain; charset=utf-8")
    chunks, content_type, extension = exporters.export(notices, fmt)
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def export_search(request):
    """Export a basket (repeated `id`) or the whole current search (up to EXPORT_LIMIT notices)."""
    fmt = request.GET.get("format", "ris")
    basket, refused = parse_ids(request.GET.getlist("id"))
    if refused or len(basket) > EXPORT_LIMIT:
        message = (_("Invalid notice number: “%(value)s”.") % {"value": refused[0][:40]} if refused
                   else _("Too many notices selected (%(max)s at most).") % {"max": EXPORT_LIMIT})
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    if basket:
        return export_notices(request, Notice.objects.filter(live=True, pk__in=basket), fmt, "selection")
    params = request.GET.copy()
    params["page"], params["page_size"] = "1", str(search_options.MAX_PAGE_SIZE)
    try:
        ids = _all_result_ids(search_service.parse(params))
    except search_service.InvalidSearch as invalid:
        return HttpResponse(" ".join(invalid.errors.values()), status=400, content_type="text/plain; charset=utf-8")
    except search_service.SearchUnavailable:
        return HttpResponse(_("The search is unavailable for the moment."), status=503,
                            content_type="text/plain; charset=utf-8")
    notices = Notice.objects.in_bulk(ids)
    return export_notices(request, [notices[pk] for pk in ids if pk in notices], fmt, "recherche")


def _all_result_ids(search_request):
    ids = []
    while len(ids) < EXPORT_LIMIT:
        results = search_service.run(search_request, highlight=False)
        ids += [notice.pk for notice, _highlights in results.notices]
        if search_request.page >= results.page_count:
            break
        search_request.page += 1
    return ids[:EXPORT_LIMIT]
