"""Site-wide search page: the site's pages and the documentary base's notices, one section each.

Pages come from Wagtail's search; notices from base_documentaire.search_service (never from an
engine directly). When the documentary engine is down, pages are still listed and the notices
section says so; when the engine holding the pages is down, the page says so with a 503.
"""
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search.utils import parse_query_string

from base_documentaire import search_service
from base_documentaire.models import BaseDocumentairePage

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
NOTICES_SHOWN = 8


@dataclass
class NoticeResults:
    """The notices section: the first notices with their highlights, or `unavailable`."""

    total: int = 0
    notices: tuple = ()  # (notice, url, highlights)
    see_all_url: str = ""
    unavailable: bool = False


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
    context = {"search_query": query, "results": results, "notices": _search_notices(query) if query else None}
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


def _search_notices(text):
    """The first published notices matching the text, or None when there is no documentary page."""
    documentary_page = BaseDocumentairePage.objects.live().public().first()
    if documentary_page is None:
        return None
    base_url = documentary_page.url
    params = QueryDict(mutable=True)
    params.update({"q": text, "page_size": str(NOTICES_SHOWN)})
    try:
        found = search_service.run(search_service.parse(params))
    except search_service.InvalidSearch:
        return NoticeResults()
    except search_service.SearchUnavailable:
        return NoticeResults(unavailable=True, see_all_url=f"{base_url}?{urlencode({'q': text})}")
    return NoticeResults(
        total=found.total,
        notices=tuple((notice, base_url + documentary_page.reverse_subpage("notice_view", args=[notice.pk]),
                       highlights) for notice, highlights in found.notices),
        see_all_url=f"{base_url}?{urlencode({'q': text})}",
    )
