"""The SQLite file: its connections and transactions, the tables of one version of an index, and
the aliases naming each index's current version."""
import json
import os
import re
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from . import pages, spelling
from .sql import numbered_columns, quote_name, sql_string

# Analysed tokens keep the joiners of the tokenizer ("aujourd'hui", "3,5"): FTS5 must not split there.
FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '_:·''.,;'"
CONNECTION_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA cache_size=-32000",
    "PRAGMA mmap_size=268435456",
)
TABLE_KINDS = ("page_fts", "page_rows", "vocab", "spell_vocab", "dfs", "fts", "grams", "spelling", "suggest", "doc_terms", "terms", "texts",
               "docs")  # drop order


# Connections and transactions ----------------------------------------------------------------------
class Database:
    """The file holding every index, reached through one connection per thread."""

    def __init__(self, path, timeout):
        self.path = path
        self.timeout = timeout
        self._local = threading.local()

    def connection(self):
        """This thread's connection (sqlite3 connections must stay in their thread, and in their
        process: one inherited through a fork, by a server's workers, is left alone)."""
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            connection = self._local.connection = self._open()
            self._local.pid = os.getpid()
        return connection

    def _open(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        for pragma in CONNECTION_PRAGMAS:
            connection.execute(pragma)
        connection.execute("CREATE TABLE IF NOT EXISTS search_aliases (alias TEXT PRIMARY KEY, "
                           "version INTEGER NOT NULL, layout TEXT NOT NULL, generation INTEGER NOT NULL DEFAULT 0)")
        # Version numbers are never reused, even after a drop: a process holding a snapshot of a
        # dropped index cannot mistake a new index of the same name for it.
        connection.execute("CREATE TABLE IF NOT EXISTS search_versions "
                           "(version INTEGER PRIMARY KEY AUTOINCREMENT, alias TEXT NOT NULL)")
        return connection

    def close(self):
        """Close this thread's connection (others close with their thread)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    @contextmanager
    def transaction(self, mode=""):
        """A read transaction (one consistent view for the whole call) or, "IMMEDIATE", a write one."""
        connection = self.connection()
        connection.execute(f"BEGIN {mode}")
        try:
            yield connection
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


# The tables of one version ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """Which fields own which columns: fixed for the life of one version of an index."""

    text_fields: tuple
    sort_fields: tuple
    suggest_fields: tuple
    highlight_fields: tuple
    page_field: str = ""  # with page_rows and page_fts tables (embedded/pages.py)

    @classmethod
    def of(cls, schema):
        text_fields = tuple(schema.text_fields)
        # As the OpenSearch mapping: titles (sortable) and fields never highlighted are short.
        suggest = tuple(name for name in text_fields
                        if name in schema.sort_fields or name not in schema.highlight_fields)
        return cls(text_fields, tuple(schema.sort_fields), suggest, tuple(schema.highlight_fields),
                   schema.page_field or "")

    @classmethod
    def loads(cls, text):
        data = json.loads(text)
        return cls(tuple(data["text"]), tuple(data["sort"]), tuple(data["suggest"]), tuple(data["highlight"]),
                   data.get("pages", ""))

    def dumps(self):
        return json.dumps({"text": self.text_fields, "sort": self.sort_fields, "suggest": self.suggest_fields,
                           "highlight": self.highlight_fields, "pages": self.page_field})


@dataclass(frozen=True)
class Tables:
    """The tables of one version of an index, and its columns."""

    alias: str
    version: int
    layout: Layout
    generation: int = 0

    def raw_name(self, kind):
        return f"{self.alias}__v{self.version}_{kind}"

    def name(self, kind):
        return quote_name(self.raw_name(kind))

    @property
    def docs(self):
        return self.name("docs")

    @property
    def fts(self):
        return self.name("fts")

    @property
    def texts(self):
        return self.name("texts")

    @property
    def suggest(self):
        return self.name("suggest")

    @property
    def terms(self):
        return self.name("terms")

    @property
    def doc_terms(self):
        return self.name("doc_terms")

    @property
    def vocab(self):
        return self.name("vocab")

    @property
    def dfs(self):
        return self.name("dfs")

    @property
    def spelling(self):
        return self.name("spelling")

    @property
    def grams(self):
        return self.name("grams")

    @property
    def spell_vocab(self):
        return self.name("spell_vocab")

    @property
    def page_rows(self):
        return self.name("page_rows")

    @property
    def page_fts(self):
        return self.name("page_fts")

    def text_column(self, name):
        return f"c{self.layout.text_fields.index(name)}"

    def sort_column(self, name):
        return f"s{self.layout.sort_fields.index(name)}"

    def suggest_column(self, name):
        return f"w{self.layout.suggest_fields.index(name)}"

    def suggest_value_column(self, name):
        return f"v{self.layout.suggest_fields.index(name)}"

    def bm25(self, schema):
        weights = ", ".join(str(float(schema.text_fields.get(name, 1.0))) for name in self.layout.text_fields)
        return f"bm25({self.fts}, {weights})"


def create_tables(connection, tables):
    layout = tables.layout
    sort_columns = "".join(f", s{index}" for index in range(len(layout.sort_fields)))
    connection.execute(f"CREATE TABLE {tables.docs} (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE"
                       f"{sort_columns})")
    for index in range(len(layout.sort_fields)):
        connection.execute(f"CREATE INDEX {quote_name(tables.raw_name(f'docs_s{index}'))} "
                           f"ON {tables.docs} (s{index})")
    # Checkpoints (p) before texts (t): reading them never walks through a long text's pages.
    highlighted = range(len(layout.highlight_fields))
    text_columns = "".join(f", p{index}" for index in highlighted) + "".join(f", t{index}" for index in highlighted)
    connection.execute(f"CREATE TABLE {tables.texts} (doc INTEGER PRIMARY KEY{text_columns})")
    fts_columns = numbered_columns("c", len(layout.text_fields)) or "c0"
    connection.execute(f"CREATE VIRTUAL TABLE {tables.fts} USING fts5({fts_columns}, "
                       f"tokenize = {sql_string(FTS_TOKENIZER)})")
    suggest_columns = ", ".join(f"w{index}, v{index} UNINDEXED" for index in range(len(layout.suggest_fields)))
    connection.execute(f"CREATE VIRTUAL TABLE {tables.suggest} USING fts5({suggest_columns or 'w0'}, "
                       f"tokenize = {sql_string(FTS_TOKENIZER)}, detail = column, prefix = '2 3')")
    connection.execute(f"CREATE TABLE {tables.terms} (id INTEGER PRIMARY KEY, field TEXT NOT NULL, "
                       "value TEXT NOT NULL, bits BLOB NOT NULL DEFAULT x'', UNIQUE (field, value))")
    connection.execute(f"CREATE TABLE {tables.doc_terms} (doc INTEGER NOT NULL, term INTEGER NOT NULL, "
                       "PRIMARY KEY (doc, term)) WITHOUT ROWID")
    connection.execute(f"CREATE VIRTUAL TABLE {tables.vocab} USING fts5vocab("
                       f"{sql_string(tables.raw_name('fts'))}, 'row')")
    connection.execute(f"CREATE TABLE {tables.dfs} (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID")
    spelling.create(connection, tables)
    if layout.page_field:
        pages.create(connection, tables, FTS_TOKENIZER)


# Versions behind the alias ---------------------------------------------------------------------------
def current_tables(connection, alias):
    """The tables of the version ``alias`` names, or None when there is no such index."""
    row = connection.execute("SELECT version, layout, generation FROM search_aliases WHERE alias = ?",
                             (alias,)).fetchone()
    return Tables(alias, row[0], Layout.loads(row[1]), row[2]) if row else None


def point_alias(connection, tables):
    connection.execute(
        "INSERT INTO search_aliases (alias, version, layout) VALUES (?, ?, ?) ON CONFLICT (alias) DO UPDATE "
        "SET version = excluded.version, layout = excluded.layout, generation = generation + 1",
        (tables.alias, tables.version, tables.layout.dumps()),
    )


def bump_generation(connection, tables):
    connection.execute("UPDATE search_aliases SET generation = generation + 1 WHERE alias = ? AND version = ?",
                       (tables.alias, tables.version))


def new_version(connection, alias):
    return connection.execute("INSERT INTO search_versions (alias) VALUES (?)", (alias,)).lastrowid


def versions(connection, alias):
    """{version: [(kind, raw table name)]} of every table of ``alias`` in the file."""
    pattern = re.compile(rf"{re.escape(alias)}__v(\d+)_({'|'.join(TABLE_KINDS)})")
    found = {}
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        match = pattern.fullmatch(name)
        if match:
            found.setdefault(int(match.group(1)), []).append((match.group(2), name))
    return found


def drop_versions(connection, alias, dropped):
    for version, tables in versions(connection, alias).items():
        if version in dropped:
            for _, name in sorted(tables, key=lambda table: TABLE_KINDS.index(table[0])):
                connection.execute(f"DROP TABLE IF EXISTS {quote_name(name)}")


def create_index(connection, alias, layout):
    """The first version of a new index, and its alias."""
    tables = Tables(alias, new_version(connection, alias), layout)
    drop_versions(connection, alias, versions(connection, alias))  # crash leftovers
    create_tables(connection, tables)
    point_alias(connection, tables)
    return tables


def drop_index(connection, alias):
    """Drop every version of ``alias`` and the alias itself."""
    drop_versions(connection, alias, versions(connection, alias))
    connection.execute("DELETE FROM search_aliases WHERE alias = ?", (alias,))
    connection.execute("DELETE FROM search_versions WHERE alias = ?", (alias,))
