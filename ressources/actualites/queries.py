"""Read-only queries other parts of the site use (the home page's latest news)."""
from ressources.pages import first_public, public

from .models import NEWEST_FIRST, ActualitePage, ActualitesIndexPage


def published_news():
    return public(ActualitePage.objects.live()).order_by(*NEWEST_FIRST)


def latest_news(limit=3):
    """The `limit` newest published news items, with their image."""
    return list(published_news().select_related("image")[:limit])


def news_index():
    """The first published news index (where "all the news" and filtered lists live), or None."""
    return first_public(ActualitesIndexPage)
