"""Published events as a "related content" source: upcoming ones first (soonest first), then the
most recent past ones."""
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ressources.listing import filtered_list_url
from ressources.related import RelatedItem, RelatedSource
from ressources.related_query import first_of_each

from .queries import agenda_index, published_events


def find_events(theme_ids, territory_ids, limit, exclude):
    return find_each_events([(theme_ids, territory_ids)], limit, exclude)[0]


def find_each_events(selections, limit, exclude):
    events = published_events().filter(date_fin__isnull=False)
    if isinstance(exclude, Page):
        events = events.exclude(pk=exclude.pk)
    found = first_of_each(events, selections, upcoming_then_past(timezone.now()), limit)
    return [([_item(event) for event in chosen], total) for chosen, total in found]


def upcoming_then_past(now):
    """Events not over yet, soonest first, then past events, most recent first (as the agenda
    lists them: `future_events` then `past_events`)."""
    upcoming = When(date_fin__gte=now, then=Value(0))

    def when_upcoming(field):
        return Case(When(date_fin__gte=now, then=F(field)))

    def when_past(field):
        return Case(When(date_fin__lt=now, then=F(field)))

    return [Case(upcoming, default=Value(1)).asc(), when_upcoming("date_debut").asc(), when_upcoming("pk").asc(),
            when_past("date_debut").desc(), when_past("pk").desc()]


def _item(event):
    return RelatedItem(title=event.title, url=event.url,
                       date=timezone.localtime(event.date_debut).date() if event.date_debut else None,
                       kind=event.get_kind_display(), summary=event.chapo)


def agenda_list_url(theme_ids, territory_ids):
    return filtered_list_url(agenda_index(), theme_ids, territory_ids)


AGENDA = RelatedSource(key="agenda", label=_("Agenda"), find=find_events, order=10, see_all=agenda_list_url,
                       find_each=find_each_events)
