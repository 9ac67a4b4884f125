"""RSS feed of any documentary search: the "DSI" alert of PMB/Cosoter, newest first.
Descriptions are the abstracts as plain text (crpv_site.feeds.PlainTextRss); bad parameters get a
French 400, as the search page does."""
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils.translation import gettext as _

from crpv_site.feeds import PlainTextRss

from . import search_service


class SearchFeed(Feed):
    feed_type = PlainTextRss

    def __init__(self, page):
        super().__init__()
        self.page = page

    def __call__(self, request, *args, **kwargs):
        params = request.GET.copy()
        params["tri"], params["page"] = "date", "1"
        try:
            self.search_request = search_service.parse(params)
        except search_service.InvalidSearch as invalid:
            return HttpResponse(" ".join(invalid.errors.values()), status=400, content_type="text/plain; charset=utf-8")
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        self.request = request
        try:
            return search_service.run(self.search_request, highlight=False)
        except search_service.SearchUnavailable:
            return None

    def title(self, results):
        query = self.request.GET.get("q", "")
        return _("Documentary base: %(query)s") % {"query": query} if query else _("Documentary base: new notices")

    def link(self, results):
        return self.page.url + ("?" + self.request.GET.urlencode() if self.request.GET else "")

    def description(self, results):
        return _("The latest notices matching this search.")

    def items(self, results):
        return [notice for notice, _highlights in results.notices] if results else []

    def item_title(self, notice):
        return notice.titre

    def item_description(self, notice):
        return notice.resume

    def item_link(self, notice):
        return self.page.notice_url(notice)

    def item_pubdate(self, notice):
        return notice.created_at

    def item_updateddate(self, notice):
        return notice.updated_at
