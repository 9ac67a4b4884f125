"""What a backup holds, written beside it and checked after a restore: the rows of every table
the site's models own and the files of its storage."""
import json
from pathlib import Path

from django.apps import apps
from django.utils import timezone

MANIFEST = "manifest.json"


def table_counts(cursor):
    """{app_label.Model: rows} for every concrete model the site manages, read through ``cursor``
    (a DB-API cursor: the dump's own snapshot, or the copy of an SQLite file)."""
    counts = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')
            counts[model._meta.label] = cursor.fetchone()[0]
    return counts


def write(folder, counts, files, database):
    content = {"created": timezone.now().isoformat(), "database": database, "tables": counts,
               "files": {"count": len(files), "bytes": sum(size for _name, size in files)}}
    (Path(folder) / MANIFEST).write_text(json.dumps(content, indent=2, sort_keys=True), encoding="utf-8")
    return content


def read(folder):
    return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))


def differences(expected, actual):
    """[(table, expected rows, rows found)] where they differ."""
    return [(label, rows, actual.get(label)) for label, rows in sorted(expected.items()) if actual.get(label) != rows]
