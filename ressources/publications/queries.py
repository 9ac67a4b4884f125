"""Read-only queries other parts of the site use (home page, annuaire, related content)."""
from django.db.models import Q

from ressources.pages import first_public, public

from .models import Publication, PublicationsIndexPage

NEWEST_FIRST = ("-date", "-first_published_at", "-pk")


def published_publications():
    """Every published publication the public may see, newest first."""
    return public(Publication.objects.live()).order_by(*NEWEST_FIRST)


def latest_publications(limit=3):
    """The `limit` newest publications, with their cover (for the home page)."""
    return list(published_publications().select_related("cover")[:limit])


def publications_for_acteur(acteur):
    """Published publications an acteur wrote or whose project it holds (fiches expérience)."""
    return published_publications().filter(
        Q(auteurs__acteur=acteur) | Q(ficheexperiencepage__porteur=acteur)).distinct()


def publications_index():
    """The first published publications index (where filtered lists live), or None."""
    return first_public(PublicationsIndexPage)
