"""iCalendar (RFC 5545) for the agenda: one VEVENT per session of each event."""
import datetime

from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

PRODID = "-//CRPV//Agenda//FR"


def calendar(name, events, request):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for event in events:
        url = event.get_full_url(request)
        for seance in event.sorted_seances():
            cal.add_component(_vevent(event, seance, url, request.get_host(), stamp))
    return cal.to_ical()


def _vevent(event, seance, url, host, stamp):
    vevent = Event()
    vevent.add("uid", f"seance-{seance.pk}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("summary", f"{event.title} — {seance.titre}" if seance.titre else event.title)
    if seance.journee_entiere:
        vevent.add("dtstart", seance.first_day())
        vevent.add("dtend", seance.last_day() + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", seance.debut)
        vevent.add("dtend", seance.fin or seance.debut)
    location = ", ".join(part for part in (event.lieu, " ".join(event.adresse.split())) if part)
    if location or event.lien_en_ligne:
        vevent.add("location", location or event.lien_en_ligne)
    vevent.add("url", url)
    description = [strip_tags(event.chapo)] if event.chapo else []
    if event.lien_en_ligne:
        description.append(event.lien_en_ligne)
    description.append(url)
    vevent.add("description", "\n\n".join(description))
    vevent.add("categories", [event.get_kind_display()])
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at)
    return vevent
