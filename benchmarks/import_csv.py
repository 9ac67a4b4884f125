"""CSV import throughput: 10,000 generated rows through `manage.py import_notices` (parsing,
vocabulary matching, writing and publishing the notices a batch at a time, duplicate detection,
indexing), three times: the first import (every notice created), the same file again (every
notice unchanged), then the file with every title and abstract changed (every notice updated).
For each: wall time, the process's CPU time (the comparable figure on a shared machine: wall time
also counts the machine's load), SQL statements per row and per batch of 250 rows.
BENCH_IMPORT_ROWS=2000 for a quicker run; the database is the settings' (SQLite by default,
PostgreSQL with DATABASE_URL)."""
import csv
import os
import tempfile
import time
from io import StringIO

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from base_documentaire.importers.service import BATCH_SIZE  # noqa: E402
from base_documentaire.models import Contributeur, Notice  # noqa: E402

from . import synthetic  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
COLUMNS = ["id", "titre", "resume", "type", "auteurs", "annee", "themes", "territoires", "langue", "pdf"]
CONTRIBUTOR = "bench"


def write_csv(path, version=""):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for doc in synthetic.documents(ROWS, seed=7):
            writer.writerow([f"bench-{doc['id']}", doc["titre"] + version, doc["resume"] + version, doc["type"][0],
                             doc["auteurs"], doc["annee"][0], " | ".join(doc["theme"]),
                             " | ".join(doc["territoire"]), "fre", ""])


def timed_import(path):
    """(wall seconds, CPU seconds, SQL statements) of one `import_notices` run."""
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        call_command("import_notices", path, contributeur=CONTRIBUTOR, stdout=StringIO(), no_progress=True)
    return time.perf_counter() - started, time.process_time() - cpu, queries[0]


def main():
    Contributeur.objects.get_or_create(code=CONTRIBUTOR, defaults={"nom": "Centre de test"})
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        first, changed = os.path.join(folder, "notices.csv"), os.path.join(folder, "notices-v2.csv")
        write_csv(first)
        write_csv(changed, " (mise à jour)")
        before = Notice.objects.count()
        for label, path in (("created", first), ("unchanged (same file again)", first),
                            ("updated (titles and abstracts changed)", changed)):
            seconds, cpu, queries = timed_import(path)
            if label == "created":
                assert Notice.objects.count() - before == ROWS, "every row should create a notice"
            batches = -(-ROWS // BATCH_SIZE)
            lines.append(f"| {label} | {ROWS} | {seconds:.1f} | {cpu:.1f} | {ROWS / seconds:.0f} "
                         f"| {queries / ROWS:.2f} | {queries / batches:.0f} |")
    print(f"\n`import_notices` ({connection.vendor}, embedded engine, index refreshed at the end), batches of "
          f"{BATCH_SIZE} rows\n")
    print("| CSV import | rows | seconds (wall) | CPU seconds | rows/s (wall) | statements/row | statements/batch |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
