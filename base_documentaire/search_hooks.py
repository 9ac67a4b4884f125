"""Extension point of the public search page: apps above the base hear of each search and of each
notice opened from its results, without this app knowing them (statistiques records them this way).

Wagtail hooks:
- `base_documentaire_search_done(request, search_request, results)`: called after a search of the
  search page or of the JSON API (search_api.py) that found its results; returns None or a dict of query
  parameters the result links carry (e.g. {"from": "12"}), so that the notice page can tell it was opened
  from that search (the API's results keep their permalinks: it ignores them).
- `base_documentaire_notice_opened(request, notice)`: called when the public notice page is shown.
A registered function that fails never fails the page: the error is logged and the page is served.
"""
import logging

from django.utils.http import urlencode
from wagtail import hooks

SEARCH_DONE = "base_documentaire_search_done"
NOTICE_OPENED = "base_documentaire_notice_opened"

logger = logging.getLogger(__name__)


def search_done(request, search_request, results):
    """The query string ("?from=12", or "") the result links of this search carry."""
    params = {}
    for function in hooks.get_hooks(SEARCH_DONE):
        try:
            params.update(function(request, search_request, results) or {})
        except Exception:
            logger.exception("A %s hook failed", SEARCH_DONE)
    return "?" + urlencode(params) if params else ""


def notice_opened(request, notice):
    for function in hooks.get_hooks(NOTICE_OPENED):
        try:
            function(request, notice)
        except Exception:
            logger.exception("A %s hook failed", NOTICE_OPENED)
