"""RSS feed of a bulletins archive: its published bulletins, the latest first."""
import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from crpv_site.mail import absolute_url

FEED_SIZE = 20


class BulletinsFeed(Feed):
    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        return self.index

    def title(self, index):
        return index.title

    def link(self, index):
        return absolute_url(index.url)

    def description(self, index):
        return strip_tags(index.intro) or _("The bulletins de veille of the resource centre.")

    def items(self, index):
        return index.bulletins()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(item.url)

    def item_description(self, item):
        return strip_tags(item.introduction)

    def item_pubdate(self, item):
        return item.first_published_at or timezone.make_aware(datetime.datetime.combine(item.fin, datetime.time(9)))

    def item_updateddate(self, item):
        return item.last_published_at
