"""The documentary base's section of the site search (/recherche/): the first published notices
matching the text, from search_service (never from an engine directly). When the documentary
engine is down, the section says so and the site's pages are still listed."""
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import ngettext

from search.sections import SiteSearchSection

from . import search_service
from .covers_display import prefetch_covers
from .models import BaseDocumentairePage

NOTICES_SHOWN = 8


@dataclass
class NoticeResults:
    """The notices section: the first notices with their highlights, or `unavailable`."""

    total: int = 0
    notices: tuple = ()  # (notice, url, highlights)
    see_all_url: str = ""
    unavailable: bool = False

    @property
    def status(self):
        """The section's part of the page's count line."""
        if self.unavailable:
            return ""
        return ngettext("%(counter)s notice in the documentary base", "%(counter)s notices in the documentary base",
                        self.total) % {"counter": self.total}


def search_notices(text):
    """The notices section for this text, or None when there is no documentary page."""
    documentary_page = BaseDocumentairePage.objects.live().public().first()
    if documentary_page is None:
        return None
    base_url = documentary_page.url
    see_all_url = f"{base_url}?{urlencode({'q': text})}"
    params = QueryDict(mutable=True)
    params.update({"q": text, "page_size": str(NOTICES_SHOWN)})
    try:
        found = search_service.run(search_service.parse(params))
    except search_service.InvalidSearch:
        return NoticeResults()
    except search_service.SearchUnavailable:
        return NoticeResults(unavailable=True, see_all_url=see_all_url)
    prefetch_covers([notice for notice, _highlights in found.notices])  # 2 queries at most, not per notice
    return NoticeResults(
        total=found.total,
        notices=tuple((notice, base_url + documentary_page.reverse_subpage("notice_view", args=[notice.pk]),
                       highlights) for notice, highlights in found.notices),
        see_all_url=see_all_url,
    )


SECTION = SiteSearchSection(name="notices", template="base_documentaire/site_search_section.html",
                            search=search_notices)
