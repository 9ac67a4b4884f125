"""Duplicate detection speed on a realistic base: BENCH_DOUBLONS notices (default 100,000) from six
centres, with ISBNs and external identifiers, then the detection of 1,000 new notices (a third
near-copies of existing ones, a third sharing a title beginning, a third new):
`detection.find_candidates` (the one indexed query) and `detection.flag` (pairs written).

Runs on the settings' database (benchmarks/run.sh: a throwaway SQLite file; point DATABASE_URL
at PostgreSQL for production figures). The notices are written in bulk and removed at the end.
"""
import os
import random
import statistics
import time

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from base_documentaire.doublons import detection  # noqa: E402
from base_documentaire.doublons.keys import isbn_key, title_key, title_start  # noqa: E402
from base_documentaire.doublons.models import Doublon  # noqa: E402
from base_documentaire.models import Contributeur, Notice  # noqa: E402

from . import synthetic  # noqa: E402

COUNT = int(os.environ.get("BENCH_DOUBLONS", os.environ.get("BENCH_NOTICES", "100000")))
PROBES = 1000
BATCH = 5000
PREFIX = "bench-doublons-"
KINDS = ("near-copy from another centre", "same title beginning, other document", "new document")


def isbn13(rng):
    body = "978" + "".join(rng.choice("0123456789") for _ in range(9))
    total = sum(int(char) * (1 if index % 2 == 0 else 3) for index, char in enumerate(body))
    return body + str((10 - total % 10) % 10)


def centres():
    return [Contributeur.objects.get_or_create(code=f"bench-{index}", defaults={"nom": name})[0]
            for index, name in enumerate(synthetic.CONTRIBUTORS)]


def populate(contributeurs, rng):
    """COUNT notices, written in bulk with their keys (as Notice.save computes them)."""
    rows = []
    for number, doc in enumerate(synthetic.documents(COUNT, seed=11), start=1):
        # a distinguishing suffix, as real titles have (a place, an edition, a number)
        titre = f"{doc['titre']} — {rng.choice(synthetic.TERRITORIES)} {rng.randint(1, 400)}"
        isbn = isbn13(rng) if rng.random() < 0.3 else ""
        key = title_key(titre)
        rows.append(Notice(titre=titre, annee=doc["date"], isbn=isbn, titre_cle=key, titre_debut=title_start(key),
                           isbn_cle=isbn_key(isbn), external_id=f"{PREFIX}{number}",
                           contributeur=rng.choice(contributeurs), live=True))
        if len(rows) == BATCH:
            Notice.objects.bulk_create(rows)
            rows = []
    Notice.objects.bulk_create(rows)


def probes(contributeurs, rng):
    """Unsaved notices to check: near-copies from another centre, same beginnings, new ones."""
    sample = list(Notice.objects.filter(external_id__startswith=PREFIX).order_by("?")
                  .values_list("titre", "annee", "isbn", "contributeur_id")[:PROBES])
    notices = []
    for index, (titre, annee, isbn, contributeur_id) in enumerate(sample):
        other = rng.choice([c for c in contributeurs if c.pk != contributeur_id])
        kind = index % 3
        if kind == 0:  # the same document catalogued by another centre, typed differently
            notice = Notice(titre=titre.upper().replace("É", "E") + " !", annee=annee, isbn=isbn,
                            contributeur=other)
        elif kind == 1:  # same beginning, other document
            notice = Notice(titre=titre[:40] + " : bilan et perspectives", annee=annee, contributeur=other)
        else:
            notice = Notice(titre=f"Document inédit n° {index} sur la politique de la ville", annee=annee,
                            isbn=isbn13(rng), contributeur=other)
        notices.append(notice)
    return notices


def timed(function, notices):
    timings, found = [], 0
    for notice in notices:
        started = time.perf_counter()
        result = function(notice)
        timings.append((time.perf_counter() - started) * 1000)
        found += bool(result)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18], found


def main():
    rng = random.Random(2026)
    contributeurs = centres()
    started = time.perf_counter()
    with transaction.atomic():
        populate(contributeurs, rng)
    populate_seconds = time.perf_counter() - started
    notices = probes(contributeurs, rng)
    plan = detection.candidates_query(notices[1]).explain()
    lookup = timed(detection.find_candidates, notices)
    kinds = [timed(detection.find_candidates, notices[kind::3]) for kind in range(3)]
    with transaction.atomic():  # flag writes pairs: saved probes, rolled back afterwards
        for notice in notices:
            Notice.objects.bulk_create([notice])
        flagged = timed(detection.flag, notices)
        transaction.set_rollback(True)
    rows = [("candidates lookup (`find_candidates`, one indexed query)", lookup, len(notices)),
            ("detection and pairs written (`flag`)", flagged, len(notices))]
    rows += [(f"lookup, {label}", figures, len(notices[kind::3]))
             for kind, (label, figures) in enumerate(zip(KINDS, kinds))]
    print(f"\n| duplicate detection ({connection.vendor}, {COUNT:,} notices) | p50 ms | p95 ms | flagged |")
    print("| --- | --- | --- | --- |")
    for label, (p50, p95, found), total in rows:
        print(f"| {label} | {p50:.2f} | {p95:.2f} | {found} / {total} |")
    print(f"\n(base written in bulk in {populate_seconds:.0f} s)\n\nQuery plan of one lookup:\n{plan}")
    # Only bare rows were written (bulk, no children, no signals): a raw delete is enough.
    Doublon.objects.filter(notice__external_id__startswith=PREFIX).delete()
    Notice.objects.filter(external_id__startswith=PREFIX)._raw_delete(Notice.objects.db)


if __name__ == "__main__":
    main()
