"""Dumping and restoring the site's database with its own tools: pg_dump / pg_restore for
PostgreSQL (custom format: compressed, restored table by table), SQLite's online backup API for
the embedded default. A restore only goes into an empty database: it never merges into one
that holds a site."""
import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from . import manifest

POSTGRES_DUMP, SQLITE_DUMP = "database.pgdump", "database.sqlite3"


class DumpError(Exception):
    pass


def vendor():
    return connection.vendor


def dump(folder):
    """The database into ``folder``; returns its tables' counts, read in the dump's own snapshot."""
    if vendor() == "postgresql":
        return _dump_postgres(Path(folder) / POSTGRES_DUMP)
    if vendor() == "sqlite":
        return _dump_sqlite(Path(folder) / SQLITE_DUMP)
    raise DumpError(_("Unsupported database: %(vendor)s.") % {"vendor": vendor()})


def _dump_postgres(target):
    """pg_dump in the snapshot the counts were read in (pg_export_snapshot): a site in use is
    dumped and counted at the same instant."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = manifest.table_counts(cursor)
        _postgres_tool("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                       f"--file={target}")
    return counts


def _dump_sqlite(target):
    """SQLite's online backup from the site's own connection (a file, or the tests' in-memory database)."""
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
        return manifest.table_counts(copy.cursor())


def restore(folder):
    """The dump in ``folder`` into the configured database, which must be empty; returns its
    tables' counts once restored."""
    if not is_empty():
        raise DumpError(_("The database is not empty: restore into a new database (created, never migrated)."))
    if vendor() == "postgresql":
        connection.close()
        _postgres_tool("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                       str(Path(folder) / POSTGRES_DUMP))
    elif vendor() == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(Path(folder) / SQLITE_DUMP) as source:
            source.backup(connection.connection)
    else:
        raise DumpError(_("Unsupported database: %(vendor)s.") % {"vendor": vendor()})
    with connection.cursor() as cursor:
        return manifest.table_counts(cursor)


def is_empty():
    """No table at all (a fresh database: created, never migrated)."""
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _postgres_tool(name, *arguments):
    settings = connection.settings_dict
    command = [_tool_path(name), f"--host={settings.get('HOST') or 'localhost'}",
               f"--port={settings.get('PORT') or 5432}", f"--username={settings['USER']}",
               f"--dbname={settings['NAME']}", *arguments]
    environment = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode:
        raise DumpError(f"{name}: {result.stderr.strip()[-2000:]}")


def _tool_path(name):
    """The newest PostgreSQL client (Debian keeps each major version in its own folder)."""
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda path: int(path.split("/")[4]))
    found = versions[-1] if versions else shutil.which(name)
    if not found:
        raise DumpError(_("%(tool)s not found: install the PostgreSQL client (postgresql-client).") % {"tool": name})
    return found
