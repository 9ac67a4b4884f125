"""RSS feed of a publications index, honouring the listing's filters (kind, thème, territoire, year).
A podcast's sound file is the item's enclosure, so podcast apps can play it."""
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext as _

from ressources.feeds import FilteredIndexFeed

from .models import PublicationPage

FEED_SIZE = 20


class PublicationsFeed(FilteredIndexFeed):
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

    def item_description(self, item):
        return item.resume

    def item_enclosures(self, item):
        fichier = item.audio_file
        if fichier is None:
            return []
        return [Enclosure(self.request.build_absolute_uri(fichier.url), str(fichier.file_size or 0),
                          fichier.content_type or "audio/mpeg")]
