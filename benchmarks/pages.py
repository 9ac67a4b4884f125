"""Latency and query count of the site's pages, served in-process by Django's test client.

Measures the application (templates, ORM, search), not the network: gunicorn and a proxy add
their own costs. Prints one Markdown table row per URL.
"""
import platform
import statistics
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

URLS = ["/", "/le-centre/", "/recherche/?q=centre", "/recherche/?q=%22(((%20OR", "/sante/",
        "/base-documentaire/", "/base-documentaire/?q=egalite+femmes", "/base-documentaire/?q=QPV&tri=date",
        "/base-documentaire/?theme=Coh%C3%A9sion+sociale&territoire=Occitanie",
        "/base-documentaire/notices/1/", "/api/v1/notices/?q=quartiers&page_size=20",
        # The editorial site (demo content) and the info-doc service
        "/agenda/", "/agenda/formation-politique-de-la-ville-mode-d-emploi/",
        "/agenda/formation-politique-de-la-ville-mode-d-emploi/ical/", "/agenda/ical/",
        "/publications/", "/publications/participation-des-habitantes-et-quartiers-populaires/",
        "/annuaire/", "/annuaire/prvds/", "/territoires/val-d-oise/",
        "/actualites/", "/actualites/flux/",
        "/service-info-doc/demande-info-doc/", "/service-info-doc/questions-reponses/"]
WARMUP, RUNS = 5, 100


def measure(client, url):
    for _ in range(WARMUP):
        client.get(url, HTTP_HOST="localhost")
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_HOST="localhost")
    return response.status_code, timings, len(queries)


def main():
    client = Client()
    print(f"\nPython {platform.python_version()}, Django test client (no network)")
    print(f"{RUNS} requests per URL after {WARMUP} warm-up requests, SQLite, embedded engine\n")
    print("| URL | status | p50 (ms) | p95 (ms) | queries |")
    print("| --- | --- | --- | --- | --- |")
    for url in URLS:
        status, timings, queries = measure(client, url)
        p95 = statistics.quantiles(timings, n=20)[18]
        print(f"| `{url}` | {status} | {statistics.median(timings):.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
