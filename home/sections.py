"""What the home page lists besides the editors' choices: upcoming events, latest publications,
latest news and notices, and where the documentary search box sends its query."""
from base_documentaire.models import BaseDocumentairePage, Notice
from ressources.actualites.queries import latest_news
from ressources.agenda.queries import upcoming_events
from ressources.pages import first_live
from ressources.publications.queries import latest_publications

LIST_SIZE = 3
NOTICES_SIZE = 5


def home_sections(request):
    documentary_page = first_live(BaseDocumentairePage)
    return {
        "upcoming_events": upcoming_events(LIST_SIZE),
        "latest_publications": latest_publications(LIST_SIZE),
        "latest_news": latest_news(LIST_SIZE),
        "latest_notices": _latest_notices(documentary_page, request),
        "documentary_page": documentary_page,
    }


def _latest_notices(documentary_page, request):
    if documentary_page is None:
        return []
    notices = Notice.objects.filter(live=True).order_by("-first_published_at", "-pk")
    notices = notices.only("pk", "titre", "annee", "type_document")[:NOTICES_SIZE]
    base_url = documentary_page.get_url(request)
    return [(notice, base_url + documentary_page.reverse_subpage("notice_view", args=[notice.pk]))
            for notice in notices]
