"""Read-only queries other parts of the site use (home page, annuaire, related content)."""
from django.db.models import Q

from .models import Publication, PublicationsIndexPage


def published_publications():
    """Every published publication the public may see, newest first."""
    return Publication.objects.live().public().order_by("-date", "-first_published_at", "-pk")


def latest_publications(limit=3):
    """The `limit` newest publications, with their cover (for the home page)."""
    return list(published_publications().select_related("cover")[:limit])


def publications_for_acteur(acteur):
    """Published publications an acteur wrote or whose project it holds (fiches expérience)."""
    return published_publications().filter(
        Q(auteurs__acteur=acteur) | Q(ficheexperiencepage__porteur=acteur)).distinct()


def publications_index():
    """The first published publications index (where filtered lists live), or None."""
    return PublicationsIndexPage.objects.live().public().order_by("path").first()
