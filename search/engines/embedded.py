"""Embedded engine: SQLite FTS5 in a file next to the site, no server to run."""
import sqlite3
from pathlib import Path

from .base import SearchEngine


class EmbeddedEngine(SearchEngine):
    name = "embedded"

    def __init__(self, path, **options):
        super().__init__(**options)
        self.path = Path(path)

    def connect(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(self.path, timeout=5)

    def _probe(self):
        with self.connect() as connection:
            connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_probe USING fts5(body)")
            version = connection.execute("SELECT sqlite_version()").fetchone()[0]
        return f"SQLite {version} FTS5"
