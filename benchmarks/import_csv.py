"""CSV import throughput: 10,000 generated rows through `manage.py import_notices`
(parsing, vocabulary matching, saving and publishing each notice, indexing at the end), with the
number of SQL queries per row and the process's CPU time (wall time also counts the machine's load).
BENCH_IMPORT_ROWS=2000 for a quicker run."""
import csv
import os
import tempfile
import time
from io import StringIO

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from base_documentaire.models import Contributeur, Notice  # noqa: E402

from . import synthetic  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
COLUMNS = ["id", "titre", "resume", "type", "auteurs", "annee", "themes", "territoires", "langue", "pdf"]


def write_csv(path):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for doc in synthetic.documents(ROWS, seed=7):
            writer.writerow([f"bench-{doc['id']}", doc["titre"], doc["resume"], doc["type"][0], doc["auteurs"],
                             doc["annee"][0], " | ".join(doc["theme"]), " | ".join(doc["territoire"]), "fre", ""])


def main():
    Contributeur.objects.get_or_create(code="bench", defaults={"nom": "Centre de test"})
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "notices.csv")
        write_csv(path)
        before = Notice.objects.count()
        queries = [0]

        def count(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(count):
            call_command("import_notices", path, contributeur="bench", stdout=StringIO(), no_progress=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    created = Notice.objects.count() - before
    print(f"\n| CSV import | rows | seconds | CPU seconds | rows/s | queries/row |\n| --- | --- | --- | --- | --- | --- |\n"
          f"| `import_notices` ({connection.vendor}, embedded engine, index refreshed at the end) | {created} "
          f"| {seconds:.1f} | {cpu:.1f} | {created / seconds:.0f} | {queries[0] / max(created, 1):.1f} |")


if __name__ == "__main__":
    main()
