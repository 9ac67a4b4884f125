"""Read-only queries other parts of the site use: the home page's upcoming events, an acteur's
events in the annuaire, the agenda index where filtered lists live."""
from django.db.models import Q
from django.utils import timezone

from ressources.pages import first_public, public

from .models import AgendaIndexPage, EvenementPage


def published_events():
    return public(EvenementPage.objects.live())


def upcoming_events(limit=3, now=None):
    """The `limit` soonest published events that are not over yet, with their sessions and image."""
    events = (published_events().filter(date_fin__gte=now or timezone.now())
              .order_by("date_debut", "pk").select_related("image").prefetch_related("seances"))
    return list(events[:limit])


def past_events(queryset, now=None):
    return queryset.filter(date_fin__lt=now or timezone.now()).order_by("-date_debut", "-pk")


def future_events(queryset, now=None):
    return queryset.filter(date_fin__gte=now or timezone.now()).order_by("date_debut", "pk")


def events_for_acteur(acteur):
    """Published events the acteur organises or partners, the most recent first."""
    return (published_events().filter(Q(organisateurs=acteur) | Q(partenaires=acteur)).distinct()
            .order_by("-date_debut", "-pk"))


def agenda_index():
    """The first published agenda index (where "the whole agenda" and filtered lists live), or None."""
    return first_public(AgendaIndexPage)
