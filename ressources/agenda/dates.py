"""How an event's dates read in French: « jeudi 25 mars 2021, 14:00–16:30 », « du 4 au 6 mars 2021 »."""
from django.utils import formats, timezone
from django.utils.translation import gettext as _

DAY = "l j F Y"


def seance_label(seance):
    start = timezone.localtime(seance.debut)
    first_day, last_day = seance.first_day(), seance.last_day()
    if seance.journee_entiere:
        if first_day == last_day:
            return formats.date_format(first_day, DAY)
        return _("from %(start)s to %(end)s") % {"start": formats.date_format(first_day, DAY),
                                                  "end": formats.date_format(last_day, DAY)}
    if not seance.fin:
        return _("%(day)s at %(time)s") % {"day": formats.date_format(first_day, DAY), "time": _time(start)}
    end = timezone.localtime(seance.fin)
    if first_day == last_day:
        return _("%(day)s, %(start)s–%(end)s") % {"day": formats.date_format(first_day, DAY),
                                                  "start": _time(start), "end": _time(end)}
    return _("from %(start)s to %(end)s") % {
        "start": f"{formats.date_format(first_day, DAY)} {_time(start)}",
        "end": f"{formats.date_format(last_day, DAY)} {_time(end)}"}


def event_label(seances):
    """One session: its label; several: the span of days and how many sessions."""
    seances = list(seances)
    if not seances:
        return ""
    if len(seances) == 1:
        return seance_label(seances[0])
    first = min(seance.first_day() for seance in seances)
    last = max(seance.last_day() for seance in seances)
    span = _("from %(start)s to %(end)s") % {"start": formats.date_format(first, DAY),
                                             "end": formats.date_format(last, DAY)}
    return _("%(span)s (%(count)s sessions)") % {"span": span, "count": len(seances)}


def _time(moment):
    return formats.time_format(moment, "H:i")
