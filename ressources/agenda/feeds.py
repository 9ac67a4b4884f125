"""RSS feed of an agenda index, honouring the listing's filters and period."""
from django.utils.translation import gettext as _

from ressources.feeds import FilteredIndexFeed

from .dates import event_label

FEED_SIZE = 50


class AgendaFeed(FilteredIndexFeed):
    def __init__(self, index, form, events):
        super().__init__(index, form)
        self.events = events

    def description(self, index):
        return index.intro or _("The events of the resource centre and of its partners.")

    def items(self, index):
        return self.events.prefetch_related("themes", "seances")[:FEED_SIZE]

    def item_description(self, item):
        parts = [event_label(item.sorted_seances()), item.lieu or item.get_format_display(), item.chapo]
        return " — ".join(part for part in parts if part)

    def item_pubdate(self, item):
        return item.first_published_at
