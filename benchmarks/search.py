"""Search engine benchmark: bulk indexing throughput and query latency on 100,000 notices.

Runs on the embedded engine, and on OpenSearch when OPENSEARCH_URL is set (benchmarks/run.sh
starts a node). Queries use full text, all six facets and highlights, as the search page does.
"""
import os
import statistics
import sys
import time

import django

django.setup()

from base_documentaire.documents import FACETS  # noqa: E402
from search.engines.base import IndexSchema, SearchQuery  # noqa: E402
from search.engines.embedded import EmbeddedEngine  # noqa: E402
from search.engines.opensearch import OpenSearchEngine  # noqa: E402

from . import synthetic  # noqa: E402

COUNT = int(os.environ.get("BENCH_NOTICES", "100000"))
BATCH = 1000
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


def bench_indexing(engine):
    engine.drop(SCHEMA)
    engine.ensure_index(SCHEMA)
    batch, started = [], time.perf_counter()
    for doc in synthetic.documents(COUNT):
        batch.append(doc)
        if len(batch) == BATCH:
            engine.index(SCHEMA, batch)
            batch = []
    engine.index(SCHEMA, batch)
    engine.refresh(SCHEMA)
    return COUNT / (time.perf_counter() - started)


def bench_queries(engine, rounds=5):
    timings = []
    for _ in range(rounds):
        for text in QUERIES:
            for filters in FILTERS:
                query = SearchQuery(text=text, filters=filters, facets=FACETS, limit=20, highlight=True)
                started = time.perf_counter()
                engine.search(SCHEMA, query)
                timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18], len(timings)


def engines():
    yield "embedded (SQLite FTS5)", EmbeddedEngine(path=os.path.join(os.environ["CRPV_VAR_DIR"], "bench.sqlite3"))
    if os.environ.get("OPENSEARCH_URL"):
        yield "OpenSearch 2.19 (1 node)", OpenSearchEngine(url=os.environ["OPENSEARCH_URL"], timeout=60)


def main():
    print(f"\n{COUNT} synthetic notices, batches of {BATCH}; queries: text + 6 facets + highlights, 20 hits\n")
    print("| engine | bulk index (notices/s) | search p50 (ms) | search p95 (ms) | queries |")
    print("| --- | --- | --- | --- | --- |")
    for name, engine in engines():
        rate = bench_indexing(engine)
        p50, p95, runs = bench_queries(engine)
        print(f"| {name} | {rate:,.0f} | {p50:.1f} | {p95:.1f} | {runs} |")
        engine.drop(SCHEMA)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
