"""What the RSS feeds of the editorial listings share: a feed of one index page that honours the
listing's filters (its form), titled after the selection and linking back to the same view."""
import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone

from crpv_site.feeds import PlainTextRss

PUBLICATION_HOUR = datetime.time(9)  # pages dated by day are announced at 9 in the morning


class FilteredIndexFeed(Feed):
    feed_type = PlainTextRss  # descriptions as plain text, no control characters

    def __init__(self, index, form):
        super().__init__()
        self.index, self.form = index, form

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        selection = self.form.selection_labels()
        return f"{index.title} : {', '.join(selection)}" if selection else index.title

    def link(self, index):
        params = self.request.GET.copy()
        params.pop("page", None)
        return index.url + (f"?{params.urlencode()}" if params else "")

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, PUBLICATION_HOUR))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_kind_display()] + [theme.nom for theme in item.themes.all()]
