"""Published events as a "related content" source: upcoming ones first (soonest first), then the
most recent past ones."""
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from base_documentaire.models import Territoire, Theme
from ressources.related import RelatedItem, RelatedSource, filter_by_vocabulary

from .queries import agenda_index, future_events, past_events, published_events


def find_events(theme_ids, territory_ids, limit, exclude):
    events = filter_by_vocabulary(published_events(), theme_ids, territory_ids)
    if isinstance(exclude, Page):
        events = events.exclude(pk=exclude.pk)
    now = timezone.now()
    chosen = list(future_events(events, now)[:limit])
    complete = False  # True when every matching event is in `chosen` (no count query needed)
    if len(chosen) < limit:
        past = list(past_events(events, now)[:limit - len(chosen)])
        complete = len(past) < limit - len(chosen)
        chosen += past
    items = [RelatedItem(title=event.title, url=event.url,
                         date=timezone.localtime(event.date_debut).date() if event.date_debut else None,
                         kind=event.get_kind_display(), summary=event.chapo)
             for event in chosen]
    return items, len(items) if complete else events.count()


def agenda_list_url(theme_ids, territory_ids):
    index = agenda_index()
    if index is None:
        return ""
    params = [("theme", name) for name in Theme.objects.filter(pk__in=theme_ids or ()).values_list("nom", flat=True)]
    params += [("territoire", label)
               for label in Territoire.objects.filter(pk__in=territory_ids or ()).values_list("libelle", flat=True)]
    return f"{index.url}?{urlencode(params)}"


AGENDA = RelatedSource(key="agenda", label=_("Agenda"), find=find_events, order=10, see_all=agenda_list_url)
