"""RSS feed of an agenda index, honouring the listing's filters and period."""
from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _

from .dates import event_label

FEED_SIZE = 50


class AgendaFeed(Feed):
    def __init__(self, index, form, events):
        super().__init__()
        self.index, self.form, self.events = index, form, events

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
        return index.intro or _("The events of the resource centre and of its partners.")

    def items(self, index):
        return self.events.prefetch_related("themes", "seances")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [event_label(item.sorted_seances()), item.lieu or item.get_format_display(), item.chapo]
        return " — ".join(part for part in parts if part)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_kind_display()] + [theme.nom for theme in item.themes.all()]
