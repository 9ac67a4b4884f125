"""RSS feed of a news index, honouring the listing's filters (kind, thème, territoire, period)."""
import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext as _

FEED_SIZE = 20


class NewsFeed(Feed):
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

    def description(self, index):
        return index.intro or _("The latest news of the resource centre.")

    def items(self, index):
        return self.form.filter(index.news()).prefetch_related("themes")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.chapo

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_kind_display()] + [theme.nom for theme in item.themes.all()]
