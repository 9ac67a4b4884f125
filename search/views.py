"""Site-wide search page: the site's pages, then the sections other apps register
(search/sections.py: the documentary base adds its notices).

Pages come from Wagtail's search. When the engine holding the pages is down, the page says so
with a 503; a section whose own engine is down says so itself.
"""
import logging

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search.utils import parse_query_string

from .sections import search_sections

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    try:
        results = _paginate(request, _search_pages(query) if query else Page.objects.none())
        pages = list(results)
    except Exception:  # the cluster behind Wagtail's search is down or refused: say so, never a 500
        logger.exception("The page search failed for %r", query)
        return render(request, "search/search.html", {"search_query": query, "unavailable": True}, status=503)
    for page in pages:
        page.search_summary = _summary(page)
    context = {"search_query": query, "results": results, "sections": search_sections(query) if query else []}
    return render(request, "search/search.html", context)


def _paginate(request, results):
    paginator = Paginator(results, PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1)


def _search_pages(text):
    """Search live public pages; the text is parsed into query objects, never passed raw to the engine."""
    _filters, query = parse_query_string(text, operator="and")
    return Page.objects.live().public().specific().search(query)


def _summary(page):
    """A plain-text line under a page's title: its description, standfirst or introduction."""
    for name in ("search_description", "chapo", "intro"):
        text = strip_tags(str(getattr(page, name, "") or "")).strip()
        if text:
            return text
    return ""
