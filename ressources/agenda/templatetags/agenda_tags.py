from django import template

from ressources.agenda.dates import event_label, seance_label

register = template.Library()


@register.filter
def when(event):
    """« jeudi 25 mars 2021, 14:00–16:00 » or « du … au … (n séances) » (uses the prefetched sessions)."""
    return event_label(event.sorted_seances())


@register.filter
def seance_when(seance):
    return seance_label(seance)
