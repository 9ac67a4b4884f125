"""`send_alerts`: each confirmed alert due for its frequency gets the notices newly matching its search.

"New" is the notice's first publication (Notice.first_published_at, indexed as `publie_le`): the engine
filters on it, so a search matching 50,000 notices returns only the few new ones. Work is bounded:
alerts are grouped by search (`cle_recherche`) and each distinct search costs ONE engine query,
whatever its number of subscribers, then one database query loads every notice found.

Each alert moves forward a window (couverte_jusqua, until]: `until` is now minus ALERTS_SETTLE_SECONDS
(a publication still inside its transaction is not missed), held back before any published notice the
index has not taken yet (engine outage: the outbox still holds it), so a late-indexed notice is sent
at the next run rather than never. An alert is advanced only when its digest went out (or it had
nothing new): an engine or SMTP failure leaves it due, and the next run sends what this one could not.
Overlapping runs are safe: an alert is claimed by a conditional update on its window.
"""
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Min, Q
from django.utils import timezone

from base_documentaire import search_service
from base_documentaire.addresses import documentary_page
from base_documentaire.documents import PUBLISHED_FIELD, index_datetime, notice_schema
from base_documentaire.models import Notice, PendingIndexUpdate
from search.engines import get_engine
from veille.models import Alerte, Frequence

from . import delivery, subscription
from .searches import SavedSearch

logger = logging.getLogger(__name__)

PERIODS = {Frequence.QUOTIDIENNE: timedelta(days=1), Frequence.HEBDOMADAIRE: timedelta(days=7),
           Frequence.MENSUELLE: timedelta(days=30)}
DUE_SLACK = timedelta(hours=1)  # a run an hour early still counts (runs are hourly)
FETCH_LIMIT = 100  # newest new notices fetched per search; a digest lists delivery.DIGEST_MAX of them
MAX_INDEX_WAIT = timedelta(days=7)  # a notice the index refuses longer than this no longer holds alerts back
MAX_SMTP_FAILURES = 3  # consecutive failures: the SMTP server is down, the rest waits for the next run
ONE_MS = timedelta(milliseconds=1)


@dataclass
class RunReport:
    due: int = 0
    searches: int = 0
    engine_queries: int = 0
    digests: int = 0
    notices_sent: int = 0
    nothing_new: int = 0
    postponed: int = 0  # left due: engine or SMTP failure, or a notice still waiting for the index
    failed_searches: list = field(default_factory=list)
    mail_errors: list = field(default_factory=list)
    forgotten_requests: int = 0


@dataclass
class Found:
    """What one engine query found for a search: the new notices, newest first."""

    notices: list
    truncated: bool  # more matched than FETCH_LIMIT


def settle_delay():
    return timedelta(seconds=int(getattr(settings, "ALERTS_SETTLE_SECONDS", 300)))


def due_alerts(now, everything=False):
    """Confirmed alerts whose period has elapsed since they were last checked (all with ``everything``)."""
    alerts = Alerte.objects.filter(confirmee_le__isnull=False)
    if not everything:
        due = Q()
        for frequency, period in PERIODS.items():
            due |= Q(frequence=frequency, verifiee_le__lte=now - period + DUE_SLACK)
        alerts = alerts.filter(due)
    return list(alerts.order_by("cle_recherche", "pk"))


def settled_until(now, since):
    """Notices first published up to this instant are in the index (or never will be)."""
    until = now - settle_delay()
    waiting = (Notice.objects.filter(live=True, pk__in=PendingIndexUpdate.objects.values("notice_id"),
                                     first_published_at__gt=max(since, now - MAX_INDEX_WAIT))
               .aggregate(first=Min("first_published_at"))["first"])
    if waiting is not None and waiting - ONE_MS < until:
        logger.warning("Alerts: notices published since %s still wait for the search index; "
                       "their alerts will get them once indexed (see /sante/ index_backlog).", waiting)
        until = waiting - ONE_MS
    return until


def send_alerts(now=None, everything=False):
    """One run: see the module's docstring. ``everything`` (--now): every confirmed alert, whatever its
    frequency. Returns a RunReport; never raises for an engine or SMTP failure (logged, left due)."""
    now = now or timezone.now()
    report = RunReport(forgotten_requests=subscription.forget_unconfirmed(now))
    alerts = due_alerts(now, everything)
    report.due = len(alerts)
    if not alerts:
        return report
    until = settled_until(now, min(alert.couverte_jusqua for alert in alerts))
    groups = defaultdict(list)
    for alert in alerts:
        if alert.couverte_jusqua < until:
            groups[alert.cle_recherche].append(alert)
        else:
            report.postponed += 1
    report.searches = len(groups)
    found = find_new_notices(groups, until, report)
    deliver_all(groups, found, now, until, report)
    return report


def find_new_notices(groups, until, report):
    """{search key: Found}: one engine query per search, then one database query for every notice."""
    engine, schema = get_engine(), notice_schema()
    hits = {}
    for key, members in groups.items():
        since = min(alert.couverte_jusqua for alert in members)
        try:
            search = SavedSearch.from_query_string(members[0].recherche)
            report.engine_queries += 1
            hits[key] = engine.search(schema, new_notices_query(search, since, until))
        except Exception as error:  # engine down or refusing: these alerts stay due
            logger.error("Alerts: the search %r failed, its %d alerts wait for the next run: %s",
                         members[0].recherche, len(members), error)
            report.failed_searches.append(members[0].recherche)
    ids = {int(hit.id) for results in hits.values() for hit in results.hits}
    notices = (Notice.objects.filter(live=True, pk__in=ids, first_published_at__isnull=False)
               .select_related("contributeur").in_bulk())
    oldest = min((alert.couverte_jusqua for members in groups.values() for alert in members))
    if any(notice.first_published_at < oldest - timedelta(seconds=1) for notice in notices.values()):
        logger.warning("Alerts: the search index returned notices published before the window asked for: "
                       "it predates the `%s` field; run `manage.py rebuild_index`.", PUBLISHED_FIELD)
    return {key: Found([notices[int(hit.id)] for hit in results.hits if int(hit.id) in notices],
                       results.total > len(results.hits)) for key, results in hits.items()}


def new_notices_query(search, since, until):
    """The documentary search's own query, narrowed to notices first published in (since, until]
    (bounds widened to the index's millisecond; the exact window is applied on the database's dates)."""
    query = search_service.to_engine_query(search.search_request(FETCH_LIMIT), highlight=False)
    query.ranges = {**query.ranges, PUBLISHED_FIELD: (index_datetime(since), index_datetime(until + ONE_MS))}
    query.sort, query.facets, query.offset, query.limit = f"-{PUBLISHED_FIELD}", (), 0, FETCH_LIMIT
    return query


def news_for(alert, found, until):
    """(the alert's new notices, newest first; whether some were left beyond the fetched ones)."""
    already = set(alert.derniers_envoyes or [])
    news = [notice for notice in found.notices if alert.couverte_jusqua < notice.first_published_at <= until
            and notice.pk not in already]
    oldest = found.notices[-1].first_published_at if found.notices else None
    beyond = found.truncated and oldest is not None and oldest > alert.couverte_jusqua
    return news, beyond


def deliver_all(groups, found, now, until, report):
    run = delivery.Run(documentary_page(), get_connection(), now, until)
    quiet, failures_in_a_row = [], 0
    try:
        for key, members in groups.items():
            if key not in found:
                report.postponed += len(members)
                continue
            search = SavedSearch.from_query_string(members[0].recherche)
            for alert in members:
                news, beyond = news_for(alert, found[key], until)
                if not news:
                    quiet.append(alert.pk)
                elif failures_in_a_row >= MAX_SMTP_FAILURES:  # the server is down: the rest waits
                    report.postponed += 1
                elif _deliver(alert, search, news, beyond, run, report):
                    failures_in_a_row = 0
                else:
                    failures_in_a_row += 1
                    _close(run.connection)  # a broken connection is opened again for the next digest
    finally:
        _close(run.connection)
    report.nothing_new = Alerte.objects.filter(pk__in=quiet, couverte_jusqua__lt=until).update(
        couverte_jusqua=until, verifiee_le=now)


def _deliver(alert, search, news, beyond, run, report):
    """Send one digest; False when the SMTP server failed (nothing recorded, the next run sends it)."""
    try:
        listed = delivery.send_digest(alert, search, news, beyond, run)
    except Exception as error:
        logger.error("Alerts: the digest of alert %s could not be sent, it waits for the next run: %s",
                     alert.pk, error)
        report.mail_errors.append(f"{type(error).__name__}: {error}")
        report.postponed += 1
        return False
    if listed:
        report.digests += 1
        report.notices_sent += listed
    return True


def _close(connection):
    try:
        connection.close()
    except Exception:  # already broken: nothing to close cleanly
        pass
