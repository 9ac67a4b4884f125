"""Nothing recorded about searches is kept beyond RETENTION_MONTHS (13 months)."""
import calendar
from datetime import date

from django.utils import timezone

from .models import RETENTION_MONTHS, Recherche


def months_before(day, months):
    """The same day `months` months earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff(today=None):
    """The first day still kept."""
    return months_before(today or timezone.localdate(), RETENTION_MONTHS)


def purge(today=None):
    """Delete the counters (and the openings counted from them) older than the retention period;
    returns the number of days' counters deleted."""
    deleted, by_model = Recherche.objects.filter(jour__lt=cutoff(today)).delete()
    return by_model.get(Recherche._meta.label, 0)
