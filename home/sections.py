"""What the home page lists besides the editors' choices: upcoming events, latest publications,
latest news and notices, and where the documentary search box sends its query.

One query per list; the cards' images come with their lists (select_related) and every image's
WebP and JPEG renditions in one query for the three lists together."""
from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model

from base_documentaire.models import BaseDocumentairePage, Notice
from ressources.actualites import views as news_views
from ressources.actualites.queries import latest_news
from ressources.agenda import views as agenda_views
from ressources.agenda.queries import upcoming_events
from ressources.publications import views as publication_views
from ressources.publications.queries import latest_publications

from .templatetags.navigation_tags import chrome_page

LIST_SIZE = 3
NOTICES_SIZE = 5
# the renditions the cards' {% picture %} tags ask for (agenda, publications and news cards)
CARD_RENDITIONS = (*agenda_views.CARD_IMAGES, *publication_views.THUMBNAILS, *news_views.THUMBNAILS)


def home_sections(request):
    documentary_page = chrome_page(request, BaseDocumentairePage)  # the header's own lookup, not another query
    events, publications, news = upcoming_events(LIST_SIZE), latest_publications(LIST_SIZE), latest_news(LIST_SIZE)
    prefetch_card_renditions([event.image for event in events] + [item.cover for item in publications]
                             + [item.image for item in news])
    return {
        "upcoming_events": events,
        "latest_publications": publications,
        "latest_news": news,
        "latest_notices": _latest_notices(documentary_page, request),
        "documentary_page": documentary_page,
    }


def prefetch_card_renditions(images):
    """The cards' renditions of every image in `images` (None skipped), in one query."""
    images = [image for image in images if image is not None]
    rendition_model = get_image_model().get_rendition_model()
    renditions = rendition_model.objects.filter(filter_spec__in=CARD_RENDITIONS)
    prefetch_related_objects(images, Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions"))


def _latest_notices(documentary_page, request):
    if documentary_page is None:
        return []
    notices = Notice.objects.filter(live=True).order_by("-first_published_at", "-pk")
    notices = notices.only("pk", "titre", "annee", "type_document")[:NOTICES_SIZE]
    base_url = documentary_page.get_url(request)
    resolver = BaseDocumentairePage.get_resolver()
    return [(notice, base_url + resolver.reverse("notice_view", notice.pk)) for notice in notices]
