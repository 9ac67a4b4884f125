"""Agenda fixtures: the demo site's home page, an agenda index under it and a factory of events."""
import datetime

import pytest
from django.utils import timezone

from ressources.agenda.models import AgendaIndexPage, EvenementPage, Seance


@pytest.fixture
def index(demo_site):
    page = demo_site.add_child(instance=AgendaIndexPage(title="Agenda", slug="agenda",
                                                        intro="Les rendez-vous du centre."))
    page.save_revision().publish()
    return page


def at(days, hour=10, minute=0):
    """An aware moment `days` from today (negative: in the past), at the given local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_event(parent, title, *, seances=None, themes=(), territoires=(), organisateurs=(), partenaires=(),
               notices=(), publish=True, **fields):
    """An event; `seances` are (debut, fin) pairs or Seance objects (default: in ten days, 10:00–12:00)."""
    page = EvenementPage(title=title, live=publish, **fields)
    rows = seances if seances is not None else [(at(10), at(10, 12))]
    page.seances = [row if isinstance(row, Seance) else Seance(debut=row[0], fin=row[1]) for row in rows]
    page.themes, page.territoires = list(themes), list(territoires)
    page.organisateurs, page.partenaires, page.notices = list(organisateurs), list(partenaires), list(notices)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page
