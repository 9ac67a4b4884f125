"""Search benchmark: bulk indexing throughput and query latency on 100,000 notices, side by side.

Engines: the embedded engine; OpenSearch and Elasticsearch when BENCH_OPENSEARCH_URL /
BENCH_ELASTICSEARCH_URL (or OPENSEARCH_URL / ELASTICSEARCH_URL) are set (benchmarks/run.sh starts
both nodes); and, under benchmarks/settings.py, Wagtail's own database search backend on the
settings' database (benchmarks/wagtail_peer/): the peer a Wagtail developer would use instead.
Each engine answers the same grid of queries: full text, 0–2 filters, the six facets with
multi-select counts, 20 hits, highlights (none on Wagtail's database backend, which has none).

    python -m benchmarks.search [--engines embedded,opensearch,elasticsearch,wagtail] [--results FILE]

--results appends this run's rows to FILE (JSON lines) and prints the table of every row in it, so
engines measured by separate processes (one per Django database) end up in one table.
"""
import argparse
import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv_site.settings.dev")
django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402

from base_documentaire.documents import FACETS  # noqa: E402
from search.engines.base import IndexSchema, SearchQuery  # noqa: E402
from search.engines.elasticsearch import ElasticsearchEngine  # noqa: E402
from search.engines.embedded import EmbeddedEngine  # noqa: E402
from search.engines.opensearch import OpenSearchEngine  # noqa: E402

from . import synthetic  # noqa: E402

COUNT = int(os.environ.get("BENCH_NOTICES", "100000"))
BATCH = 1000
ROUNDS = 5
QUERY_BUDGET = float(os.environ.get("BENCH_QUERY_BUDGET", "120"))  # seconds: no new round past it (at least one)
WARMUP_BUDGET = float(os.environ.get("BENCH_WARMUP_BUDGET", "30"))  # seconds: the warm-up pass stops past it
QUERIES = ["emploi des jeunes", "santé mentale quartiers", "QPV", "\"conseils citoyens\"", "égalité -sport",
           "rénovation urbaine", "numérique", "insertion professionnelle jeunes", "alimentation", "culture"]
FILTERS = [{}, {"theme": ["Santé"]}, {"territoire": ["Occitanie"], "type": ["Guide"]},
           {"disponibilite": ["En ligne"]}]
SCHEMA = IndexSchema(
    name="bench-notices",
    text_fields={"titre": 4.0, "sous_titre": 2.0, "auteurs": 2.0, "mots_cles": 2.0, "sujets": 1.5,
                 "resume": 1.5, "texte": 1.0},
    keyword_fields=FACETS, highlight_fields=("titre", "resume", "texte"), sort_fields=("date", "titre"),
    synonyms=synthetic.SYNONYMS,
)
ENGINES = ("embedded", "opensearch", "elasticsearch", "wagtail")
REFERENCE = "wagtail-postgresql"  # the ratios column compares every p95 with this row's


class EngineRunner:
    """One of the site's engines (search/engines/)."""

    def __init__(self, key, name, engine):
        self.key, self.name, self.engine = key, name, engine

    def index(self):
        self.engine.drop(SCHEMA)
        self.engine.ensure_index(SCHEMA)
        batch, started = [], time.perf_counter()
        for doc in synthetic.documents(COUNT):
            batch.append(doc)
            if len(batch) == BATCH:
                self.engine.index(SCHEMA, batch)
                batch = []
        self.engine.index(SCHEMA, batch)
        self.engine.refresh(SCHEMA)
        return COUNT / (time.perf_counter() - started)

    def search(self, text, filters):
        query = SearchQuery(text=text, filters=filters, facets=FACETS, limit=20, highlight=True)
        return self.engine.search(SCHEMA, query).total

    def close(self):
        self.engine.drop(SCHEMA)


class WagtailRunner:
    """Wagtail's database search backend on the settings' database (benchmarks/wagtail_peer/)."""

    def __init__(self):
        from .wagtail_peer.peer import WagtailPeer

        self.peer = WagtailPeer()
        self.key, self.name = f"wagtail-{connection.vendor}", f"{self.peer.name}, no highlights"

    def index(self):
        self.peer.clear()
        written = self.peer.load(synthetic.documents(COUNT))  # the rows exist before indexing: not timed
        print(f"{self.name}: {COUNT:,} rows written in {written:.1f} s before indexing", file=sys.stderr)
        rate = COUNT / self.peer.index()
        self.peer.analyze()  # planner statistics, as autovacuum or a nightly ANALYZE keeps them
        return rate

    def search(self, text, filters):
        return self.peer.search(text, filters, FACETS)[0]

    def close(self):
        pass  # the rows stay in the benchmark's throwaway database


def runners(selected):
    if "embedded" in selected:
        path = os.path.join(os.environ["CRPV_VAR_DIR"], "bench.sqlite3")
        yield EngineRunner("embedded", "embedded (SQLite FTS5)", EmbeddedEngine(path=path))
    for key, engine_class, product in (("opensearch", OpenSearchEngine, "OpenSearch"),
                                       ("elasticsearch", ElasticsearchEngine, "Elasticsearch")):
        variable = key.upper() + "_URL"
        url = os.environ.get("BENCH_" + variable) or os.environ.get(variable)
        if key in selected and url:
            engine = engine_class(url=url, timeout=60)
            yield EngineRunner(key, f"{product} {engine._server_version()}, 1 node", engine)
    if "wagtail" in selected and apps.is_installed("benchmarks.wagtail_peer"):
        yield WagtailRunner()


def grid():
    return [(text, filters) for text in QUERIES for filters in FILTERS]


def bench_queries(runner):
    """Latencies (ms) over ROUNDS passes of the query × filter grid (fewer past QUERY_BUDGET s), after
    an untimed warm-up pass (cut at WARMUP_BUDGET s), and the sum of the totals of one pass."""
    started = time.perf_counter()
    for text, filters in grid():
        runner.search(text, filters)
        if time.perf_counter() - started > WARMUP_BUDGET:
            break
    timings, matches, started = [], 0, time.perf_counter()
    for round_number in range(ROUNDS):
        if round_number and time.perf_counter() - started > QUERY_BUDGET:
            break
        for text, filters in grid():
            query_started = time.perf_counter()
            total = runner.search(text, filters)
            timings.append((time.perf_counter() - query_started) * 1000)
            if not round_number:
                matches += total
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18], len(timings), matches


def measure(runner):
    rate = runner.index()
    p50, p95, queries, matches = bench_queries(runner)
    runner.close()
    return {"key": runner.key, "engine": runner.name, "notices": COUNT, "rate": rate, "p50": p50, "p95": p95,
            "queries": queries, "matches": matches}


def table(rows):
    reference = next((row for row in rows if row["key"] == REFERENCE), None)
    ratio_title = "p95 vs Wagtail database (PostgreSQL)" if reference else "p95 vs Wagtail database"
    lines = [f"{rows[0]['notices']:,} synthetic notices, batches of {BATCH}; queries: text + 0–2 filters + 6 facets"
             " + highlights, 20 hits",
             "",
             f"| engine | bulk index (notices/s) | search p50 (ms) | search p95 (ms) | queries | matches (one pass) "
             f"| {ratio_title} |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        ratio = f"{reference['p95'] / row['p95']:.1f}× faster" if reference and row is not reference else ""
        if row is reference:
            ratio = "reference"
        lines.append(f"| {row['engine']} | {row['rate']:,.0f} | {row['p50']:.1f} | {row['p95']:.1f} | {row['queries']} "
                     f"| {row['matches']:,} | {ratio} |")
    clusters = [row for row in rows if row["key"] in ("opensearch", "elasticsearch")]
    if reference and clusters:
        met = all(row["p95"] <= 50 and reference["p95"] >= 3 * row["p95"] for row in clusters)
        lines += ["", "Goal, p95 ≤ 50 ms on " + " and ".join(row["engine"] for row in clusters)
                  + " and ≥ 3× faster than Wagtail's database search on PostgreSQL: " + ("met" if met else "NOT met")]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated, among " + ", ".join(ENGINES))
    parser.add_argument("--results", help="JSON-lines file: append this run's rows, print the table of all of them")
    parser.add_argument("--no-table", action="store_true", help="measure and record only (with --results)")
    options = parser.parse_args(argv)
    selected = {name.strip() for name in options.engines.split(",") if name.strip()}
    if unknown := selected - set(ENGINES):
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    rows = []
    for runner in runners(selected):
        rows.append(row := measure(runner))
        print(f"{row['engine']}: {row['rate']:,.0f} notices/s, p50 {row['p50']:.1f} ms, p95 {row['p95']:.1f} ms",
              file=sys.stderr)
        if options.results:
            with open(options.results, "a", encoding="utf-8") as results:
                results.write(json.dumps(row, ensure_ascii=False) + "\n")
    if options.results and os.path.exists(options.results):
        with open(options.results, encoding="utf-8") as results:
            rows = [json.loads(line) for line in results if line.strip()]
    if rows and not options.no_table:
        print("\n" + table(rows) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
