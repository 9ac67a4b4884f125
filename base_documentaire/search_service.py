"""The documentary search as a service: validate parameters, ask the engine, load notices.

Views (HTML page, JSON API, feeds, exports) only parse the request and call this module.
"""
import logging
import posixpath
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from search.engines import get_engine
from search.engines.base import SearchQuery

from . import search_options as options
from .documents import FACETS, notice_schema
from .models import Fichier, Notice
from .text import fold

logger = logging.getLogger(__name__)
# "Vouliez-vous dire …" is proposed when a search finds fewer notices than this.
DEFAULT_SUGGESTION_BELOW = 3
PAGE_HITS = 3  # best pages shown under each result


class PageHit(NamedTuple):
    """A page of a notice's file matching the search: ``url`` opens the file at that page."""

    fichier: int
    page: int
    passage: str  # HTML: escaped text, the matching words in <mark>
    url: str
    title: str  # the file's title, for the link's accessible name


class InvalidSearch(ValueError):
    """Bad parameters; ``errors`` maps each parameter to a French message."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class SearchUnavailable(RuntimeError):
    """The engine did not answer."""


@dataclass
class SearchRequest:
    text: str = ""
    filters: dict = field(default_factory=dict)
    year_min: int = None
    year_max: int = None
    sort: options.Sort = options.SORTS_BY_KEY["pertinence"]
    page: int = 1
    page_size: int = options.DEFAULT_PAGE_SIZE

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    def is_empty(self):
        return not (self.text or self.filters or self.year_min or self.year_max)


@dataclass
class SearchPage:
    request: SearchRequest
    total: int
    notices: list  # (notice, highlights) in result order
    facets: dict
    schema: object = None  # the index schema searched (its synonyms were read from the database)

    @property
    def page_count(self):
        reachable = min(self.total, options.MAX_RESULT_WINDOW)
        return max(1, -(-reachable // self.request.page_size))


def parse(params):
    """Build a SearchRequest from a QueryDict-like object, or raise InvalidSearch."""
    errors = {}
    text = " ".join(params.get("q", "").split())
    if len(text) > options.MAX_QUERY_LENGTH:
        errors["q"] = _("The search text is too long (%(max)s characters at most).") % {"max": options.MAX_QUERY_LENGTH}
    filters = {}
    for facet in FACETS:
        values = [value.strip() for value in params.getlist(facet) if value.strip()]
        if len(values) > options.MAX_FILTER_VALUES:
            errors[facet] = _("Too many values selected (%(max)s at most).") % {"max": options.MAX_FILTER_VALUES}
        elif values:
            filters[facet] = sorted(set(values))
    year_min = _year(params, "annee_min", errors)
    year_max = _year(params, "annee_max", errors)
    if year_min and year_max and year_min > year_max:
        errors["annee_max"] = _("The end year must not be before the start year.")
    sort_key = params.get("tri") or "pertinence"
    if sort_key not in options.SORTS_BY_KEY:
        errors["tri"] = _("Unknown sort order. Possible values: %(values)s.") % {
            "values": ", ".join(options.SORTS_BY_KEY)}
    page = _integer(params, "page", 1, 1, None, errors)
    page_size = _integer(params, "page_size", options.DEFAULT_PAGE_SIZE, 1, options.MAX_PAGE_SIZE, errors)
    if not errors and page * page_size > options.MAX_RESULT_WINDOW + page_size:
        errors["page"] = _("This page is beyond the last reachable result; refine the search.")
    if errors:
        raise InvalidSearch(errors)
    return SearchRequest(text, filters, year_min, year_max, options.SORTS_BY_KEY[sort_key], page, page_size)


def _integer(params, name, default, minimum, maximum, errors):
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[name] = _("Must be a whole number.")
        return default
    if value < minimum or (maximum is not None and value > maximum):
        errors[name] = (_("Must be between %(min)s and %(max)s.") % {"min": minimum, "max": maximum}
                        if maximum is not None else _("Must be at least %(min)s.") % {"min": minimum})
        return default
    return value


def _year(params, name, errors):
    if params.get(name, "") == "":
        return None
    value = _integer(params, name, None, options.YEAR_MIN, options.YEAR_MAX, errors)
    return value


def to_engine_query(request, highlight=True):
    years = (request.year_min, request.year_max)
    return SearchQuery(
        text=request.text, filters=request.filters,
        ranges={"date": years} if any(years) else {},
        facets=FACETS, sort=request.sort.engine_sort,
        offset=request.offset, limit=request.page_size, highlight=highlight,
        page_hits=PAGE_HITS if highlight else 0,
    )


def run(request, highlight=True):
    """Search published notices; raises SearchUnavailable when the engine is down."""
    try:
        schema = notice_schema()
        results = get_engine().search(schema, to_engine_query(request, highlight))
    except Exception as error:
        raise SearchUnavailable(str(error)) from error
    return SearchPage(request, results.total, _load_notices(results.hits), results.facets, schema)


def suggestion(page):
    """"Vouliez-vous dire …": the search text corrected from the base's own words, when the
    search finds few notices and the corrected text, with the same filters, finds more; else None.
    Never raises: a failing engine only means no proposal."""
    request = page.request
    if not request.text or page.total >= getattr(settings, "CRPV_SUGGESTION_BELOW", DEFAULT_SUGGESTION_BELOW):
        return None
    try:
        engine, schema = get_engine(), page.schema or notice_schema()
        proposal = engine.suggest_query(schema, request.text)
        if not proposal or fold(proposal) == fold(request.text):
            return None
        query = replace(to_engine_query(replace(request, text=proposal), highlight=False), facets=(), offset=0, limit=0)
        found = engine.search(schema, query).total
    except Exception:
        logger.warning("No spelling suggestion for %r", request.text, exc_info=True)
        return None
    return proposal if found > page.total else None


def _load_notices(hits):
    """The notices of the hits, in the engine's order, skipping any no longer published."""
    ids = [int(hit.id) for hit in hits]
    notices = Notice.objects.filter(live=True).select_related("contributeur").prefetch_related(
        "themes", "territoires").in_bulk(ids)
    found = []
    for hit in hits:
        notice = notices.get(int(hit.id))
        if notice is not None:
            notice.page_hits = page_hits(hit.pages)
            found.append((notice, hit.highlights))
    return found


def page_hits(pages):
    """PageHits of the engine's pages: links through the files' serve view (its privacy rules),
    built from what the index stores, without reading the files again."""
    hits = []
    for page in pages:
        if not page.file.isdigit():
            continue
        url = file_url(int(page.file), page.file_name)
        hits.append(PageHit(int(page.file), page.number, page.passage, f"{url}#page={page.number}",
                            page.file_title or posixpath.basename(page.file_name)))
    return hits


def file_url(file_id, name):
    """A file's address as Wagtail's Document.url gives it, from its id and stored name, without
    building the model (whose default collection would be read from the database)."""
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) == "direct":
        try:
            return Fichier._meta.get_field("file").storage.url(name)
        except NotImplementedError:
            pass
    return reverse("wagtaildocs_serve", args=[file_id, posixpath.basename(name)])


def search_in_notice(notice_id, text):
    """The pages of a notice's files matching ``text``, best first; raises InvalidSearch (key "dans")
    on empty or too long text, SearchUnavailable when the engine is down."""
    text = " ".join("".join(char if char.isprintable() else " " for char in text or "").split())
    if not text:
        raise InvalidSearch({"dans": _("Enter one or more words to search in this document.")})
    if len(text) > options.MAX_QUERY_LENGTH:
        raise InvalidSearch({"dans": _("The search text is too long (%(max)s characters at most).") % {
            "max": options.MAX_QUERY_LENGTH}})
    try:
        pages = get_engine().search_in_document(notice_schema(), str(notice_id), text)
    except Exception as error:
        raise SearchUnavailable(str(error)) from error
    return page_hits(pages)


def similar_notices(notice, limit=5):
    from crpv_site.cache import remember  # the engine asked once per notice and content generation

    def similar_ids():
        return [int(pk) for pk in get_engine().more_like_this(notice_schema(), str(notice.pk), limit)]

    try:
        ids = remember("similar-notices", similar_ids, notice.pk, limit)
    except Exception:
        return []  # "notices proches" is a bonus: the notice page works without the engine
    notices = Notice.objects.filter(live=True).in_bulk(ids)
    return [notices[pk] for pk in ids if pk in notices]
