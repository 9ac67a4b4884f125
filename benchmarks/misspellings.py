""""Vouliez-vous dire": the share of misspellings corrected, on each engine.

benchmarks/misspellings.tsv lists misspellings written from the seeds and the demo notices
(typos, missing accents, wrong doubling, joined and split words, territories, authors) with
the proposal expected. The base: the demo notices as the site indexes them (run after
load_demo) and 2,000 synthetic notices (benchmarks/synthetic.py) whose subjects hold their
thèmes and territories as the site's documents do, territories including the seeds' communes.

Per engine: "corrected" = the proposal has the expected words (case, accents and hyphens
aside); "written as expected" = the very string expected; "shown" = the proposal finds more
notices than the misspelling (what the results page requires before showing it); times of
``suggest_query`` after one warm-up pass over the list.
Engines: embedded; OpenSearch and Elasticsearch when BENCH_OPENSEARCH_URL /
BENCH_ELASTICSEARCH_URL (or OPENSEARCH_URL / ELASTICSEARCH_URL) are set.
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv_site.settings.dev")
django.setup()

from base_documentaire.documents import all_indexable_notices, notice_document, notice_schema  # noqa: E402
from base_documentaire.vocabulary import VocabularyLabels  # noqa: E402
from search.analysis import unstemmed_words  # noqa: E402
from search.engines.base import SearchQuery  # noqa: E402
from search.engines.elasticsearch import ElasticsearchEngine  # noqa: E402
from search.engines.embedded import EmbeddedEngine  # noqa: E402
from search.engines.opensearch import OpenSearchEngine  # noqa: E402

from . import synthetic  # noqa: E402

LIST = Path(__file__).with_name("misspellings.tsv")
SYNTHETIC_NOTICES = 2000
SEED_COMMUNES = ["Garges-lès-Gonesse (95)", "Villiers-le-Bel (95)", "Chanteloup-les-Vignes (78)",
                 "Montigny-lès-Cormeilles (95)", "Villeneuve-la-Garenne (92)", "Beaumont-sur-Oise (95)",
                 "Saint-Nazaire (44)", "Deuil-la-Barre (95)", "Cergy-Pontoise", "Noisy-le-Sec (93)"]


def misspellings():
    rows = []
    for line in LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            typed, expected, kind = line.split("\t")
            rows.append((typed, expected, kind))
    return rows


def documents():
    tree = VocabularyLabels()
    found = [notice_document(notice, tree) for notice in all_indexable_notices()]
    territories = synthetic.TERRITORIES + SEED_COMMUNES
    for number, document in enumerate(synthetic.documents(SYNTHETIC_NOTICES), start=1):
        rng = synthetic.random.Random(number)
        document["id"] = str(100_000 + number)
        document["territoire"] = rng.sample(territories, rng.randint(1, 2))
        document["sujets"] = " ; ".join(document["theme"] + document["territoire"])
        found.append(document)
    return found


def engines(work):
    yield EmbeddedEngine(path=Path(work) / "spelling.sqlite3", index_prefix="bench")
    for variable, engine in (("OPENSEARCH_URL", OpenSearchEngine), ("ELASTICSEARCH_URL", ElasticsearchEngine)):
        url = os.environ.get(f"BENCH_{variable}") or os.environ.get(variable)
        if url:
            yield engine(url=url, index_prefix="bench-spelling", timeout=30)


def measure(engine, schema, rows):
    for typed, _expected, _kind in rows:  # warm-up: a fresh node compiles and caches as it goes
        engine.suggest_query(schema, typed)
    counts = {"corrected": 0, "exact": 0, "shown": 0}
    misses, times = [], []
    for typed, expected, kind in rows:
        started = time.perf_counter()
        proposal = engine.suggest_query(schema, typed)
        times.append((time.perf_counter() - started) * 1000)
        if proposal and unstemmed_words(proposal) == unstemmed_words(expected):
            counts["corrected"] += 1
            counts["exact"] += proposal == expected
            if proposal != expected:
                misses.append((typed, expected, proposal))
        else:
            misses.append((typed, expected, proposal))
        if proposal and total(engine, schema, proposal) > total(engine, schema, typed):
            counts["shown"] += 1
    return counts, misses, statistics.median(times), max(times)


def total(engine, schema, text):
    return engine.search(schema, SearchQuery(text=text, limit=0, highlight=False)).total


def main():
    rows, schema, docs = misspellings(), notice_schema(), documents()
    print(f"\n### \"Vouliez-vous dire\": {len(rows)} misspellings, base of {len(docs)} notices "
          f"({len(docs) - SYNTHETIC_NOTICES} demo + {SYNTHETIC_NOTICES} synthetic)\n")
    print(f"Load average before: {' '.join(open('/proc/loadavg').read().split()[:3])}\n")
    print("| engine | corrected | written as expected | shown (finds more) | median ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    all_misses = {}
    with tempfile.TemporaryDirectory() as work:
        for engine in engines(work):
            engine.rebuild(schema, docs)
            try:
                counts, misses, median, longest = measure(engine, schema, rows)
            finally:
                engine.drop(schema)
            share = {key: f"{value} ({100 * value / len(rows):.0f} %)" for key, value in counts.items()}
            print(f"| {engine.name} | {share['corrected']} | {share['exact']} | {share['shown']} "
                  f"| {median:.1f} | {longest:.1f} |")
            all_misses[engine.name] = misses
    for name, misses in all_misses.items():
        print(f"\nNot corrected, or written otherwise, by {name}: " + "; ".join(
            f"{typed!r} -> {proposal!r} (expected {expected!r})" for typed, expected, proposal in misses), file=sys.stderr)


if __name__ == "__main__":
    main()
