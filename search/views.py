"""Site-wide search page (pages for now; notices join them with the base documentaire)."""
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.models import Page
from wagtail.search.utils import parse_query_string

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = _search_pages(query) if query else Page.objects.none()
    paginator = Paginator(results, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return render(request, "search/search.html", {"search_query": query, "results": page})


def _search_pages(text):
    """Search live public pages; the text is parsed into query objects, never passed raw to the engine."""
    _filters, query = parse_query_string(text, operator="and")
    return Page.objects.live().public().specific().search(query)
