"""RSS feed of a publications index, honouring the listing's filters (kind, thème, territoire, year).
A podcast's sound file is the item's enclosure, so podcast apps can play it."""
import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext as _

from .models import PublicationPage

FEED_SIZE = 20


class PublicationsFeed(Feed):
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
        return index.intro or _("The latest publications of the resource centre.")

    def items(self, index):
        items = list(self.form.filter(index.publications()).prefetch_related("themes")[:FEED_SIZE])
        podcasts = (PublicationPage.objects.filter(pk__in=[item.pk for item in items], audio__prive=False)
                    .select_related("audio"))
        audio = {page.pk: page.audio for page in podcasts}
        for item in items:
            item.audio_file = audio.get(item.pk)
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.resume

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_kind_display()] + [theme.nom for theme in item.themes.all()]

    def item_enclosures(self, item):
        fichier = item.audio_file
        if fichier is None:
            return []
        return [Enclosure(self.request.build_absolute_uri(fichier.url), str(fichier.file_size or 0),
                          fichier.content_type or "audio/mpeg")]
