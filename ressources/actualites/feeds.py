"""RSS feed of a news index, honouring the listing's filters (kind, thème, territoire, period)."""
from django.utils.translation import gettext as _

from ressources.feeds import FilteredIndexFeed

FEED_SIZE = 20


class NewsFeed(FilteredIndexFeed):
    def description(self, index):
        return index.intro or _("The latest news of the resource centre.")

    def items(self, index):
        return self.form.filter(index.news()).prefetch_related("themes")[:FEED_SIZE]

    def item_description(self, item):
        return item.chapo
