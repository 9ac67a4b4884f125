"""Search statistics: what recording a search costs the public search page.

Serves the documentary search page in-process through Django's WSGI handler, as a WSGI server does (no
network): "response" is the time until the whole body is produced (what the reader waits for), "closed"
the time until the server has closed the response (when Django sends `request_finished` and the
statistics write their upsert: crpv_site.after_response). A grid of queries is served alternately with the
recording and without it (the base's hook `search_done` replaced by a function doing nothing), RUNS
requests each, interleaved so that both see the same machine; then the recording alone (`record_search`,
one statement) is called RECORDS times. Runs on the settings' database and engine (benchmarks/run.sh: a
throwaway SQLite file with the demo content and the embedded engine; DATABASE_URL=postgres://… for
PostgreSQL). Prints Markdown; asserts nothing.

    python -m benchmarks.search_stats
"""
import os
import platform
import statistics
import time

import django

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.utils.http import urlencode  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from base_documentaire import search_hooks  # noqa: E402
from statistiques.models import Consultation, Recherche  # noqa: E402
from statistiques.recording import record_search  # noqa: E402

RUNS = int(os.environ.get("BENCH_STATS_RUNS", "300"))
RECORDS = int(os.environ.get("BENCH_STATS_RECORDS", "1000"))
WARMUP = 20
URL = "/base-documentaire/"
QUERIES = [{"q": "égalité femmes"}, {"q": "QPV"}, {"q": "emploi des jeunes"}, {"q": "numérique"},
           {"q": "renouvelement urbin"}, {"q": "alimentation", "tri": "date"}, {"theme": "Culture"},
           {"q": "quartiers", "territoire": "Occitanie"}, {"q": "tiers-lieux"}, {"q": "culture"}]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def serve(handler, params):
    """(ms until the body is produced, ms until the response is closed) of one search page."""
    environ = RequestFactory()._base_environ(PATH_INFO=URL, QUERY_STRING=urlencode(params), REQUEST_METHOD="GET",
                                              HTTP_HOST="localhost")
    statuses = []
    started = time.perf_counter()
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(response)
    produced = time.perf_counter()
    response.close()
    closed = time.perf_counter()
    assert statuses == ["200 OK"], statuses
    return (produced - started) * 1000, (closed - started) * 1000


def page_latencies():
    handler, real = WSGIHandler(), search_hooks.search_done
    timings = {(mode, moment): [] for mode in ("with", "without") for moment in ("response", "closed")}
    silent = lambda request, search_request, results: ""  # noqa: E731
    for index in range(WARMUP + RUNS):
        params = QUERIES[index % len(QUERIES)]
        for mode in ("with", "without") if index % 2 else ("without", "with"):
            search_hooks.search_done = real if mode == "with" else silent
            response, closed = serve(handler, params)
            if index >= WARMUP:
                timings[(mode, "response")].append(response)
                timings[(mode, "closed")].append(closed)
    search_hooks.search_done = real
    return timings


def statements_per_search(client):
    client.get(URL, {"q": "statements"}, HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"q": "statements"}, HTTP_HOST="localhost")
    return len([q for q in queries.captured_queries if "statistiques_" in q["sql"]]), len(queries.captured_queries)


def record_alone():
    timings = []
    for index in range(RECORDS):
        started = time.perf_counter()
        record_search(f"requête de mesure {index % 200}", {"theme": ["Culture"]} if index % 3 else {}, index % 7)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main():
    before = Recherche.objects.values_list("pk", flat=True).order_by("-pk").first() or 0
    client = Client()
    print(f"\nSearch statistics — Python {platform.python_version()}, {connection.vendor}, "
          f"{os.cpu_count()} cores; {RUNS} search pages with and without recording (interleaved, after {WARMUP} "
          f"warm-up pairs), {len(QUERIES)} queries in turn\n")
    timings = page_latencies()
    print("| search page | response p50 (ms) | response p95 (ms) | closed p50 (ms) | closed p95 (ms) |")
    print("| --- | --- | --- | --- | --- |")
    for mode in ("without", "with"):
        response, closed = timings[(mode, "response")], timings[(mode, "closed")]
        print(f"| {mode} recording | {statistics.median(response):.2f} | {percentile(response, .95):.2f} | "
              f"{statistics.median(closed):.2f} | {percentile(closed, .95):.2f} |")
    for moment in ("response", "closed"):
        difference = statistics.median(timings[("with", moment)]) - statistics.median(timings[("without", moment)])
        print(f"\nDifference of the medians ({moment}): {difference:+.2f} ms", end="")
    print()
    own, total = statements_per_search(client)
    print(f"Statements of the statistics per search: {own} (of {total} for the whole page)")
    alone = record_alone()
    print(f"record_search alone, {RECORDS} calls: p50 {statistics.median(alone) * 1000:.0f} µs, "
          f"p95 {percentile(alone, .95) * 1000:.0f} µs")
    Consultation.objects.filter(recherche__pk__gt=before).delete()
    Recherche.objects.filter(pk__gt=before).delete()


if __name__ == "__main__":
    main()
