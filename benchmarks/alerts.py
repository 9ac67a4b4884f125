"""E-mail alerts at scale: BENCH_ALERTS alerts (default 10,000) over BENCH_ALERT_SEARCHES distinct searches
(default 500) on a base of BENCH_ALERT_NOTICES notices (default 20,000) of which BENCH_ALERT_NEW (default 300)
were first published during the last day; then `send_alerts --now` (every confirmed alert, whatever its
frequency) and a second run with nothing new. Prints the time, the engine queries, the database queries and
the e-mails sent; asserts nothing.

E-mails go to Django's local-memory backend (rendered and built exactly as for SMTP, never sent on a network),
set before Django starts. Runs on the settings' database and engine (benchmarks/run.sh: a throwaway SQLite
file and the embedded engine); the notices are written in bulk (no revisions), indexed straight from realistic
synthetic documents carrying their database id and publication date, and removed at the end.
"""
import os
import random
import statistics
import time
from collections import Counter
from datetime import timedelta

os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from base_documentaire import indexing  # noqa: E402
from base_documentaire.documents import PUBLISHED_FIELD, index_datetime, notice_schema  # noqa: E402
from base_documentaire.models import Notice  # noqa: E402
from search.engines import get_engine  # noqa: E402
from veille.alerts.digests import send_alerts  # noqa: E402
from veille.alerts.searches import SavedSearch  # noqa: E402
from veille.models import Alerte, Frequence  # noqa: E402

from . import synthetic  # noqa: E402

NOTICES = int(os.environ.get("BENCH_ALERT_NOTICES", "20000"))
NEW = int(os.environ.get("BENCH_ALERT_NEW", "300"))
ALERTS = int(os.environ.get("BENCH_ALERTS", "10000"))
SEARCHES = int(os.environ.get("BENCH_ALERT_SEARCHES", "500"))
PREFIX = "bench-alerts-"
BATCH = 5000
WORDS = ["santé mentale", "emploi jeunes", "réussite éducative", "égalité", "participation habitants",
         "conseils citoyens", "rénovation urbaine", "mobilité", "numérique", "tranquillité", "culture",
         "alimentation", "transition écologique", "logement social", "proximité", "économie solidaire",
         "discriminations", "sport", "petite enfance", "insertion", "médiation", "aller vers", "QPV", "ESS",
         "guide", "évaluation", "contrat de ville", "webinaire"]


def populate(rng, now):
    """NOTICES notices in the database (the last NEW first published during the last day) and in the index."""
    rows, documents = [], []
    for number, document in enumerate(synthetic.documents(NOTICES, seed=13), start=1):
        new = number > NOTICES - NEW
        published = now - (timedelta(seconds=rng.randint(60, 86_000)) if new
                           else timedelta(days=rng.randint(3, 3000)))
        rows.append(Notice(titre=document["titre"], resume=document["resume"], annee=document["date"],
                           external_id=f"{PREFIX}{number}", live=True, first_published_at=published,
                           last_published_at=published))
        documents.append(document)
        if len(rows) == BATCH:
            _write(rows, documents)
            rows, documents = [], []
    _write(rows, documents)


def _write(rows, documents):
    Notice.objects.bulk_create(rows)
    ids = dict(Notice.objects.filter(external_id__in=[row.external_id for row in rows])
               .values_list("external_id", "pk"))
    for row, document in zip(rows, documents):
        document["id"] = str(ids[row.external_id])
        document[PUBLISHED_FIELD] = index_datetime(row.first_published_at)
    _write.documents.extend(documents)


_write.documents = []


def searches(rng):
    """SEARCHES distinct canonical searches, as readers build them: words, facets, both, year ranges."""
    found = {}
    while len(found) < SEARCHES:
        params = []
        kind = rng.randrange(5)
        if kind in (0, 2, 4):
            params.append(("q", rng.choice(WORDS)))
        if kind in (1, 2, 3):
            params.append(("theme", rng.choice(synthetic.THEMES)))
        if kind in (1, 3) or rng.random() < 0.2:
            params.append(("territoire", rng.choice(synthetic.TERRITORIES)))
        if kind == 3:
            params.append(("type", rng.choice(synthetic.TYPES)))
        if kind == 4 or rng.random() < 0.1:
            params.append(("annee_min", str(rng.choice([2015, 2020, 2024]))))
        search = SavedSearch.from_query_string("&".join(f"{name}={value}" for name, value in params))
        found.setdefault(search.key(), search)
    return list(found.values())


def subscribe(rng, searches_, now):
    """ALERTS confirmed alerts: every search has one, the rest spread as interest is (a few popular ones)."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(searches_))]
    chosen = list(searches_) + rng.choices(searches_, weights=weights, k=ALERTS - len(searches_))
    frequencies = rng.choices(list(Frequence.values), weights=[50, 35, 15], k=ALERTS)
    since = now - timedelta(days=2)
    Alerte.objects.bulk_create([
        Alerte(recherche=search.query_string(), cle_recherche=search.key(), email=f"lecteur{n}@example.org",
               frequence=frequency, confirmee_le=since, verifiee_le=since, couverte_jusqua=since)
        for n, (search, frequency) in enumerate(zip(chosen, frequencies))], batch_size=BATCH)
    return Counter(search.key() for search in chosen)


def measured_run():
    """send_alerts(everything=True): (report, seconds, engine query times in ms, database queries)."""
    engine, timings, queries = get_engine(), [], [0]
    real = engine.search

    def timed_search(schema, query):
        started = time.perf_counter()
        try:
            return real(schema, query)
        finally:
            timings.append((time.perf_counter() - started) * 1000)

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    engine.search = timed_search
    mail.outbox = []
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(count):
            report = send_alerts(everything=True)
    finally:
        del engine.search
    return report, time.perf_counter() - started, timings, queries[0]


def row(label, report, seconds, timings, queries):
    sizes = [len(message.body) + sum(len(content) for content, _type in message.alternatives)
             for message in mail.outbox]
    engine_ms = f"{statistics.median(timings):.1f} / {max(timings):.1f}" if timings else "-"
    return (f"| {label} | {report.due:,} | {report.searches} | {report.engine_queries} | {engine_ms} | "
            f"{sum(timings) / 1000:.1f} | {queries:,} | {report.digests:,} | {report.notices_sent:,} | "
            f"{(statistics.mean(sizes) / 1024 if sizes else 0):.1f} | {seconds:.1f} |")


def main():
    settings.DEBUG = False  # no query log kept in memory
    rng, now = random.Random(2026), timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        populate(rng, now)
    engine = get_engine()
    engine.rebuild(notice_schema(), iter(_write.documents))
    followed = searches(rng)
    per_search = subscribe(rng, followed, now)
    setup = time.perf_counter() - started
    first = measured_run()
    first_row = row("first run (new notices)", *first)
    second = measured_run()
    print(f"\n| `send_alerts --now` ({connection.vendor}, {engine.name}, {NOTICES:,} notices, {NEW} new, "
          f"{ALERTS:,} alerts, {len(followed)} searches) | alerts | searches | engine queries | "
          "engine ms p50 / max | engine s | DB queries | e-mails | notices listed | KiB per e-mail | total s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(first_row)
    print(row("second run (nothing new)", *second))
    busiest = per_search.most_common(1)[0][1]
    print(f"\n(alerts per search: 1 to {busiest}, median {statistics.median(per_search.values()):.0f}; "
          f"{first[0].nothing_new:,} alerts had nothing new in the first run; set up in {setup:.0f} s; "
          f"e-mails to the local-memory backend)")
    Alerte.objects.filter(email__endswith="@example.org", email__startswith="lecteur").delete()
    Notice.objects.filter(external_id__startswith=PREFIX)._raw_delete(Notice.objects.db)
    indexing.rebuild()  # the index back to the database's notices


if __name__ == "__main__":
    main()
