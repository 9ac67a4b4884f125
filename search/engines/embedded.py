"""Embedded engine: SQLite FTS5 in a file next to the site, no server to run.

One file holds every index. The logical index "<prefix>_<schema name>" is an alias (table
``search_aliases``) naming its current version, layout and generation (bumped by every write);
version v is a set of tables "<alias>__v<v>_<kind>":

- docs: rowid, id, one sort key per sort field (numbers as numbers, text folded to lowercase ASCII);
- fts: FTS5, one column per text field holding its analysed tokens (search/analysis.py), so
  FTS5's tokenizer only splits them again; bm25() weighs columns with the schema's boosts;
- texts: the original text of each highlighted field and, for long ones, the offset of every
  256th word, so that highlighting a 2-million-character text does not tokenise all of it;
- suggest: FTS5 over the unstemmed folded words of short text fields, and their values;
- terms: keyword values, each with the bitmap of its documents (bit n = rowid n);
- doc_terms: which documents have which values (to update bitmaps, for more_like_this);
- vocab: fts5vocab over fts; dfs: its document frequencies, computed by rebuild (more_like_this).

Searching: FTS5 finds and scores the text matches; filters, ranges, facet counts, totals and
sorting are bitmap operations on a per-process snapshot of terms and sort orders, reloaded when
the generation changes. So a query costs one FTS5 pass, whatever the facets and filters.

``rebuild`` fills a new version, switches the alias in one transaction, then drops the old
tables; each call reads in one transaction (WAL), so it sees one version whole. Documents
indexed during a rebuild go to the old version and are lost with it.
"""
import heapq
import json
import logging
import math
import os
import re
import sqlite3
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from itertools import chain, combinations, islice
from operator import and_, itemgetter, or_
from pathlib import Path

from search.analysis import (
    LONG_TEXT_LENGTH,
    STOP_WORDS,
    analyse,
    analyse_token,
    analyse_with_checkpoints,
    fold,
    highlight,
    unstemmed_words,
)
from search.query_text import clean_text, match_expressions, parse, quoted, synonym_table

from .base import SearchEngine, SearchHit, SearchResults

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
SQL_CHUNK = 500  # bound on "?" placeholders in one IN (...)
# Analysed tokens keep the joiners of the tokenizer ("aujourd'hui", "3,5"): FTS5 must not split there.
FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '_:·''.,;'"
CONNECTION_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA cache_size=-32000",
    "PRAGMA mmap_size=268435456",
)
TABLE_KINDS = ("vocab", "dfs", "fts", "suggest", "doc_terms", "terms", "texts", "docs")  # drop order
MLT_TERMS = 12  # the document's most telling words
MLT_PAIRED_TERMS = 6  # candidates share two of the first ones...
MLT_CANDIDATES = 50  # ...unless fewer than this do, then one of them
MLT_KEYWORD_WEIGHT = 0.5
STOP_STEMS = frozenset(analyse_token(word) for word in STOP_WORDS)


def quote_name(name):
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Layout:
    """Which fields own which columns: fixed for the life of one version of an index."""

    text_fields: tuple
    sort_fields: tuple
    suggest_fields: tuple
    highlight_fields: tuple

    @classmethod
    def of(cls, schema):
        text_fields = tuple(schema.text_fields)
        # As the OpenSearch mapping: titles (sortable) and fields never highlighted are short.
        suggest = tuple(name for name in text_fields
                        if name in schema.sort_fields or name not in schema.highlight_fields)
        return cls(text_fields, tuple(schema.sort_fields), suggest, tuple(schema.highlight_fields))

    @classmethod
    def loads(cls, text):
        data = json.loads(text)
        return cls(tuple(data["text"]), tuple(data["sort"]), tuple(data["suggest"]), tuple(data["highlight"]))

    def dumps(self):
        return json.dumps({"text": self.text_fields, "sort": self.sort_fields, "suggest": self.suggest_fields,
                           "highlight": self.highlight_fields})


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


class EmbeddedEngine(SearchEngine):
    name = "embedded"

    def __init__(self, path, index_prefix="crpv", timeout=10, **options):
        super().__init__(index_prefix=index_prefix)
        self.path = Path(path)
        self.timeout = float(timeout)
        self._local = threading.local()
        self._snapshots = {}  # alias -> _Snapshot, shared by this process's threads
        self._snapshot_lock = threading.Lock()
        self._warned = set()

    # Connections and transactions ----------------------------------------------------------------
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
    def _transaction(self, mode=""):
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

    def _probe(self):
        connection = self.connection()
        connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_probe USING fts5(body)")
        connection.execute("SELECT count(*) FROM search_aliases").fetchone()
        version = connection.execute("SELECT sqlite_version()").fetchone()[0]
        return f"embedded (SQLite {version} FTS5)"

    # Index lifecycle ----------------------------------------------------------------------------------
    def alias(self, schema):
        return f"{self.index_prefix}_{schema.name}"

    def _current(self, connection, schema):
        alias = self.alias(schema)
        row = connection.execute("SELECT version, layout, generation FROM search_aliases WHERE alias = ?",
                                 (alias,)).fetchone()
        return Tables(alias, row[0], Layout.loads(row[1]), row[2]) if row else None

    def ensure_index(self, schema):
        with self._transaction("IMMEDIATE") as connection:
            self._ensure(connection, schema)

    def _ensure(self, connection, schema):
        tables = self._current(connection, schema)
        if tables is None:
            tables = Tables(self.alias(schema), self._new_version(connection, schema), Layout.of(schema))
            self._drop_versions(connection, tables.alias, self._versions(connection, tables.alias))  # crash leftovers
            self._create_tables(connection, tables)
            self._point_alias(connection, tables)
        elif tables.layout != Layout.of(schema) and tables.alias not in self._warned:
            self._warned.add(tables.alias)
            logger.warning("Search index %s was built for another schema layout: rebuild it.", tables.alias)
        return tables

    def rebuild(self, schema, documents, progress=None):
        with self._transaction("IMMEDIATE") as connection:
            fresh = Tables(self.alias(schema), self._new_version(connection, schema), Layout.of(schema))
            self._create_tables(connection, fresh)
        total = 0
        try:
            for batch in _batches(documents, BATCH_SIZE):
                with self._transaction("IMMEDIATE") as connection:
                    # Bitmaps are computed once at the end: per batch they would be rewritten whole.
                    self._write_batch(connection, fresh, schema, batch, update_bitmaps=False)
                total += len(batch)
                if progress:
                    progress(total)
            with self._transaction("IMMEDIATE") as connection:
                self._build_bitmaps(connection, fresh)
                # fts5vocab counts a word's documents by reading its whole list: done once here.
                connection.execute(f"INSERT INTO {fresh.dfs} SELECT term, doc FROM {fresh.vocab}")
        except BaseException:
            with self._transaction("IMMEDIATE") as connection:
                self._drop_versions(connection, fresh.alias, {fresh.version})
            raise
        with self._transaction("IMMEDIATE") as connection:
            self._point_alias(connection, fresh)
        with self._transaction("IMMEDIATE") as connection:
            self._drop_versions(connection, fresh.alias, set(self._versions(connection, fresh.alias)) - {fresh.version})
        if progress and total == 0:
            progress(0)
        return total

    def drop(self, schema):
        with self._transaction("IMMEDIATE") as connection:
            alias = self.alias(schema)
            self._drop_versions(connection, alias, self._versions(connection, alias))
            connection.execute("DELETE FROM search_aliases WHERE alias = ?", (alias,))
            connection.execute("DELETE FROM search_versions WHERE alias = ?", (alias,))
        self._snapshots.pop(self.alias(schema), None)

    def _point_alias(self, connection, tables):
        connection.execute(
            "INSERT INTO search_aliases (alias, version, layout) VALUES (?, ?, ?) ON CONFLICT (alias) DO UPDATE "
            "SET version = excluded.version, layout = excluded.layout, generation = generation + 1",
            (tables.alias, tables.version, tables.layout.dumps()),
        )

    def _versions(self, connection, alias):
        """{version: [(kind, raw table name)]} of every table of ``alias`` in the file."""
        pattern = re.compile(rf"{re.escape(alias)}__v(\d+)_({'|'.join(TABLE_KINDS)})")
        found = {}
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            match = pattern.fullmatch(name)
            if match:
                found.setdefault(int(match.group(1)), []).append((match.group(2), name))
        return found

    def _new_version(self, connection, schema):
        return connection.execute("INSERT INTO search_versions (alias) VALUES (?)", (self.alias(schema),)).lastrowid

    def _drop_versions(self, connection, alias, versions):
        for version, tables in self._versions(connection, alias).items():
            if version in versions:
                for _, name in sorted(tables, key=lambda table: TABLE_KINDS.index(table[0])):
                    connection.execute(f"DROP TABLE IF EXISTS {quote_name(name)}")

    def _create_tables(self, connection, tables):
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
        fts_columns = _columns("c", len(layout.text_fields)) or "c0"
        connection.execute(f"CREATE VIRTUAL TABLE {tables.fts} USING fts5({fts_columns}, "
                           f"tokenize = {_sql_string(FTS_TOKENIZER)})")
        suggest_columns = ", ".join(f"w{index}, v{index} UNINDEXED" for index in range(len(layout.suggest_fields)))
        connection.execute(f"CREATE VIRTUAL TABLE {tables.suggest} USING fts5({suggest_columns or 'w0'}, "
                           f"tokenize = {_sql_string(FTS_TOKENIZER)}, detail = column, prefix = '2 3')")
        connection.execute(f"CREATE TABLE {tables.terms} (id INTEGER PRIMARY KEY, field TEXT NOT NULL, "
                           "value TEXT NOT NULL, bits BLOB NOT NULL DEFAULT x'', UNIQUE (field, value))")
        connection.execute(f"CREATE TABLE {tables.doc_terms} (doc INTEGER NOT NULL, term INTEGER NOT NULL, "
                           "PRIMARY KEY (doc, term)) WITHOUT ROWID")
        connection.execute(f"CREATE VIRTUAL TABLE {tables.vocab} USING fts5vocab("
                           f"{_sql_string(tables.raw_name('fts'))}, 'row')")
        connection.execute(f"CREATE TABLE {tables.dfs} (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID")

    # Documents --------------------------------------------------------------------------------------
    def index(self, schema, documents):
        for batch in _batches(documents, BATCH_SIZE):
            with self._transaction("IMMEDIATE") as connection:
                tables = self._ensure(connection, schema)
                self._write_batch(connection, tables, schema, batch)
                self._bump_generation(connection, tables)

    def delete(self, schema, ids):
        ids = [str(document_id) for document_id in ids]
        with self._transaction("IMMEDIATE") as connection:
            tables = self._current(connection, schema)
            if tables is None:
                return
            removed = self._remove(connection, tables, self._rowids(connection, tables, ids).values())
            self._update_bitmaps(connection, tables, removed, {})
            self._bump_generation(connection, tables)

    def refresh(self, schema):
        """Nothing to do: a committed write is visible to the next read."""

    def count(self, schema):
        with self._transaction() as connection:
            tables = self._current(connection, schema)
            return connection.execute(f"SELECT count(*) FROM {tables.docs}").fetchone()[0] if tables else 0

    def _bump_generation(self, connection, tables):
        connection.execute("UPDATE search_aliases SET generation = generation + 1 WHERE alias = ? AND version = ?",
                           (tables.alias, tables.version))

    def _write_batch(self, connection, tables, schema, documents, update_bitmaps=True):
        by_id = {str(document["id"]): document for document in documents}  # the last copy wins
        existing = self._rowids(connection, tables, list(by_id))
        removed = self._remove(connection, tables, existing.values())
        next_rowid = connection.execute(f"SELECT coalesce(max(rowid), 0) + 1 FROM {tables.docs}").fetchone()[0]
        rows = _Rows(tables, schema)
        for document_id, document in by_id.items():
            rowid = existing.get(document_id)
            if rowid is None:
                rowid, next_rowid = next_rowid, next_rowid + 1
            rows.add(rowid, document_id, document)
        added = self._insert(connection, tables, rows)
        if update_bitmaps:
            self._update_bitmaps(connection, tables, removed, added)

    def _insert(self, connection, tables, rows):
        """Insert the rows; returns {term id: [rowids]} of the keyword values added."""
        layout = tables.layout
        connection.executemany(f"INSERT INTO {tables.docs} VALUES ({_marks(2 + len(layout.sort_fields))})", rows.docs)
        if layout.highlight_fields:
            connection.executemany(f"INSERT INTO {tables.texts} VALUES "
                                   f"({_marks(1 + 2 * len(layout.highlight_fields))})", rows.texts)
        fts_columns = max(1, len(layout.text_fields))
        connection.executemany(f"INSERT INTO {tables.fts} (rowid, {_columns('c', fts_columns)}) "
                               f"VALUES ({_marks(1 + fts_columns)})", rows.fts)
        if layout.suggest_fields:
            columns = ", ".join(f"w{index}, v{index}" for index in range(len(layout.suggest_fields)))
            connection.executemany(f"INSERT INTO {tables.suggest} (rowid, {columns}) "
                                   f"VALUES ({_marks(1 + 2 * len(layout.suggest_fields))})", rows.suggest)
        term_ids = self._term_ids(connection, tables, {pair for _, pair in rows.keywords})
        doc_terms = sorted({(rowid, term_ids[pair]) for rowid, pair in rows.keywords})
        connection.executemany(f"INSERT INTO {tables.doc_terms} (doc, term) VALUES (?, ?)", doc_terms)
        added = defaultdict(list)
        for rowid, term in doc_terms:
            added[term].append(rowid)
        return added

    def _term_ids(self, connection, tables, pairs):
        pairs = sorted(pairs)
        connection.executemany(f"INSERT INTO {tables.terms} (field, value) VALUES (?, ?) "
                               "ON CONFLICT (field, value) DO NOTHING", pairs)
        ids = {}
        for chunk in _chunks(pairs, SQL_CHUNK // 2):
            condition = " OR ".join(["(field = ? AND value = ?)"] * len(chunk))
            params = [item for pair in chunk for item in pair]
            for term, field, value in connection.execute(
                    f"SELECT id, field, value FROM {tables.terms} WHERE {condition}", params):
                ids[(field, value)] = term
        return ids

    def _rowids(self, connection, tables, ids):
        found = {}
        for chunk in _chunks(ids, SQL_CHUNK):
            found.update(connection.execute(f"SELECT id, rowid FROM {tables.docs} WHERE id IN ({_marks(len(chunk))})",
                                            chunk))
        return found

    def _remove(self, connection, tables, rowids):
        """Delete documents; returns {term id: [rowids]} of the keyword values they had."""
        removed = defaultdict(list)
        for chunk in _chunks(sorted(rowids), SQL_CHUNK):
            marks = _marks(len(chunk))
            for doc, term in connection.execute(f"SELECT doc, term FROM {tables.doc_terms} WHERE doc IN ({marks})",
                                                chunk):
                removed[term].append(doc)
            connection.execute(f"DELETE FROM {tables.doc_terms} WHERE doc IN ({marks})", chunk)
            for table in (tables.fts, tables.suggest, tables.docs):
                connection.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", chunk)
            connection.execute(f"DELETE FROM {tables.texts} WHERE doc IN ({marks})", chunk)
        return removed

    def _update_bitmaps(self, connection, tables, removed, added):
        for chunk in _chunks(sorted({*removed, *added}), SQL_CHUNK):
            stored = dict(connection.execute(f"SELECT id, bits FROM {tables.terms} WHERE id IN ({_marks(len(chunk))})",
                                             chunk))
            updates = []
            for term in chunk:
                bits = int.from_bytes(stored.get(term) or b"", "little")
                bits = (bits & ~bitmap_of(removed.get(term, ()))) | bitmap_of(added.get(term, ()))
                updates.append((_bitmap_bytes(bits), term))
            connection.executemany(f"UPDATE {tables.terms} SET bits = ? WHERE id = ?", updates)

    def _build_bitmaps(self, connection, tables):
        documents = defaultdict(list)
        for doc, term in connection.execute(f"SELECT doc, term FROM {tables.doc_terms}"):
            documents[term].append(doc)
        connection.executemany(f"UPDATE {tables.terms} SET bits = ? WHERE id = ?",
                               [(_bitmap_bytes(bitmap_of(docs)), term) for term, docs in documents.items()])

    # Queries ------------------------------------------------------------------------------------------
    def search(self, schema, query):
        parsed = parse(query.text, synonym_table(schema.synonyms))
        with self._transaction() as connection:
            tables = self._current(connection, schema)
            if tables is None:
                return SearchResults(0, [], {name: [] for name in query.facets})
            snapshot = self._snapshot(connection, tables)
            try:
                return _Search(connection, tables, snapshot, schema, query, parsed).run()
            except sqlite3.OperationalError as error:
                if not str(error).startswith("fts5"):
                    raise
                # Defensive only: expressions are built from quoted tokens and should always parse.
                logger.warning("FTS5 rejected the query %r: %s", query.text, error)
                return SearchResults(0, [], {name: [] for name in query.facets})

    def more_like_this(self, schema, document_id, limit=5):
        with self._transaction() as connection:
            tables = self._current(connection, schema)
            if tables is None:
                return []
            snapshot = self._snapshot(connection, tables)
            return _MoreLikeThis(connection, tables, snapshot, schema).ids(str(document_id), limit)

    def suggest(self, schema, prefix, field="titre", limit=8):
        words = unstemmed_words(clean_text(prefix))[:8]
        if not words or limit <= 0:
            return []
        with self._transaction() as connection:
            tables = self._current(connection, schema)
            if tables is None:
                return []
            if field in tables.layout.suggest_fields:
                return self._suggest_text(connection, tables, field, words, limit)
            if field in schema.keyword_fields:
                return self._suggest_keyword(self._snapshot(connection, tables), field, words, limit)
            return []

    def _suggest_text(self, connection, tables, field, words, limit):
        expression = f"{tables.suggest_column(field)} : (" + " AND ".join(quoted([word]) + "*" for word in words) + ")"
        rows = connection.execute(
            f"SELECT {tables.suggest_value_column(field)} FROM {tables.suggest} WHERE {tables.suggest} MATCH ? "
            f"ORDER BY rank LIMIT ?", (expression, limit * 5))
        return _distinct_values((value for (value,) in rows), limit)

    def _suggest_keyword(self, snapshot, field, words, limit):
        counted = sorted(((-bits.bit_count(), value) for value, bits in snapshot.values.get(field, {}).items()))
        matching = (value for _, value in counted if _words_start_with(unstemmed_words(value), words))
        return _distinct_values(matching, limit)

    def _snapshot(self, connection, tables):
        """The snapshot of this version and generation, loaded once per process."""
        cached = self._snapshots.get(tables.alias)
        if cached is not None and cached.matches(tables):
            return cached
        with self._snapshot_lock:
            cached = self._snapshots.get(tables.alias)
            if cached is not None and cached.matches(tables):
                return cached
            snapshot = _Snapshot.load(connection, tables)
            if cached is None or (snapshot.version, snapshot.generation) > (cached.version, cached.generation):
                self._snapshots[tables.alias] = snapshot
            return snapshot


# Rows of a batch of documents ---------------------------------------------------------------------
class _Rows:
    def __init__(self, tables, schema):
        self.layout = tables.layout
        self.keyword_fields = tuple(schema.keyword_fields)
        self.docs, self.texts, self.fts, self.suggest, self.keywords = [], [], [], [], []

    def add(self, rowid, document_id, document):
        layout = self.layout
        self.docs.append((rowid, document_id, *(_sort_key(document.get(name)) for name in layout.sort_fields)))
        texts = {name: _text_of(document.get(name)) for name in {*layout.text_fields, *layout.highlight_fields}}
        checkpoints, forms = {}, []
        for name in layout.text_fields:
            if name in layout.highlight_fields and len(texts[name]) > LONG_TEXT_LENGTH:
                field_forms, checkpoints[name] = analyse_with_checkpoints(texts[name])
            else:
                field_forms = analyse(texts[name])
            forms.append(" ".join(field_forms))
        self.fts.append((rowid, *(forms or [""])))
        if layout.highlight_fields:
            offsets = [json.dumps(checkpoints[name]) if name in checkpoints else None
                       for name in layout.highlight_fields]
            self.texts.append((rowid, *offsets, *(texts[name] for name in layout.highlight_fields)))
        if layout.suggest_fields:
            values = []
            for name in layout.suggest_fields:
                values += [" ".join(unstemmed_words(texts[name])), texts[name]]
            self.suggest.append((rowid, *values))
        for name in self.keyword_fields:
            for value in _keyword_values(document.get(name)):
                self.keywords.append((rowid, (name, value)))


def _text_of(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(_text_of(item) for item in value)
    return _storable(str(value))


def _storable(text):
    """Text SQLite can store: lone surrogates (invalid UTF-8) replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _keyword_values(value):
    if value is None:
        return []
    values = value if isinstance(value, (list, tuple, set)) else [value]
    return list(dict.fromkeys(_storable(str(item)) for item in values if item is not None))


def _sort_key(value):
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)) or value is None:
        return value
    return fold(_storable(str(value))).strip()


# Bitmaps: Python integers, bit n set when the document of rowid n is in the set ----------------------
_BITS = tuple(1 << bit for bit in range(8))


def bitmap_of(rowids):
    rowids = list(rowids)
    if not rowids:
        return 0
    buffer = bytearray((max(rowids) >> 3) + 1)
    for rowid in rowids:
        buffer[rowid >> 3] |= _BITS[rowid & 7]
    return int.from_bytes(buffer, "little")


def _bitmap_bytes(bits):
    return bits.to_bytes((bits.bit_length() + 7) // 8, "little")


class _Members:
    """Fast membership tests of many rowids in one bitmap."""

    def __init__(self, bits):
        self.bytes = _bitmap_bytes(bits)

    def __contains__(self, rowid):
        index = rowid >> 3
        return index < len(self.bytes) and self.bytes[index] & _BITS[rowid & 7] != 0


def _first_members(bits, skip, count):
    """Up to ``count`` rowids of ``bits`` in increasing order, after skipping ``skip`` of them."""
    found = []
    for index, byte in enumerate(_bitmap_bytes(bits)):
        if not byte:
            continue
        for bit in range(8):
            if byte & _BITS[bit]:
                if skip:
                    skip -= 1
                else:
                    found.append(index * 8 + bit)
                    if len(found) == count:
                        return found
    return found


@dataclass
class _SortOrder:
    """Rowids by one sort field: ascending and descending (ties by rowid), then those without value."""

    ascending: array
    descending: array
    missing: array
    keys: list  # sort keys aligned with ``ascending``; None when values mix numbers and text

    @classmethod
    def load(cls, connection, tables, field):
        column, docs = tables.sort_column(field), tables.docs
        rows = connection.execute(f"SELECT rowid, {column} FROM {docs} WHERE {column} IS NOT NULL "
                                  f"ORDER BY {column}, rowid").fetchall()
        descending = connection.execute(f"SELECT rowid FROM {docs} WHERE {column} IS NOT NULL "
                                        f"ORDER BY {column} DESC, rowid").fetchall()
        missing = connection.execute(f"SELECT rowid FROM {docs} WHERE {column} IS NULL ORDER BY rowid").fetchall()
        keys = [key for _, key in rows]
        comparable = all(isinstance(key, str) for key in keys) or all(isinstance(key, (int, float)) for key in keys)
        return cls(array("q", map(itemgetter(0), rows)), array("q", map(itemgetter(0), descending)),
                   array("q", map(itemgetter(0), missing)), keys if comparable else None)

    def first(self, bits, every, descending, skip, count):
        """Up to ``count`` rowids of ``bits`` in this order, after ``skip``; ``every`` says bits is all."""
        order = chain(self.descending if descending else self.ascending, self.missing)
        if not every:
            members = _Members(bits)
            order = (rowid for rowid in order if rowid in members)
        return list(islice(order, skip, skip + count))

    def between(self, low, high):
        """Bitmap of the documents whose key is within [low, high] (None: open), or None when
        the keys cannot be compared in Python (numbers mixed with text)."""
        if self.keys is None or not _comparable_bounds(self.keys, low, high):
            return None
        start = bisect_left(self.keys, low) if low is not None else 0
        end = bisect_right(self.keys, high) if high is not None else len(self.keys)
        return bitmap_of(self.ascending[start:end])


def _comparable_bounds(keys, low, high):
    if not keys:
        return True
    kind = str if isinstance(keys[0], str) else (int, float)
    return all(bound is None or (isinstance(bound, kind) and not isinstance(bound, bool)) for bound in (low, high))


class _Snapshot:
    """What searches need besides FTS5, read once per version and generation of an index:
    every document, each keyword value's documents, the sort orders (loaded when first used)."""

    def __init__(self, tables, rowids, terms):
        self.version, self.generation = tables.version, tables.generation
        self.all_docs = bitmap_of(rowids)
        self.count = len(rowids)
        self.terms = terms  # term id -> (field, value, bitmap)
        self.values = defaultdict(dict)  # field -> {value: bitmap}
        for field, value, bits in terms.values():
            self.values[field][value] = bits
        self._orders = {}
        self.document_frequencies = {}  # word -> documents, cached for more_like_this

    @classmethod
    def load(cls, connection, tables):
        rowids = [rowid for (rowid,) in connection.execute(f"SELECT rowid FROM {tables.docs}")]
        terms = {}
        for term, field, value, bits in connection.execute(f"SELECT id, field, value, bits FROM {tables.terms}"):
            bitmap = int.from_bytes(bits, "little")
            if bitmap:
                terms[term] = (field, value, bitmap)
        return cls(tables, rowids, terms)

    def matches(self, tables):
        return (self.version, self.generation) == (tables.version, tables.generation)

    def order(self, connection, tables, field):
        """Sort order of ``field``; read in the caller's transaction, which sees this generation."""
        order = self._orders.get(field)
        if order is None:
            order = self._orders[field] = _SortOrder.load(connection, tables, field)
        return order


# One search ------------------------------------------------------------------------------------------
class _Search:
    def __init__(self, connection, tables, snapshot, schema, query, parsed):
        self.connection, self.tables, self.snapshot = connection, tables, snapshot
        self.schema, self.query, self.parsed = schema, query, parsed
        self.positive, self.negative = match_expressions(parsed)

    def run(self):
        scored = self._text_matches()
        matching = self._text_bitmap(scored)
        base = self._ranged(matching)
        filters = self._filters()
        selected = reduce(and_, filters.values(), base)
        hits = self._hits(scored, selected, narrowed=selected != matching)
        return SearchResults(total=selected.bit_count(), hits=hits, facets=self._facets(base, filters))

    def _sort_field(self):
        name = (self.query.sort or "relevance").lstrip("-")
        return name if name in self.tables.layout.sort_fields else None

    # Which documents -----------------------------------------------------------------------------------
    def _text_matches(self):
        """[(rowid, bm25)] of the documents matching the text (bm25: lower is better), or None
        when the text requires nothing. Sorted by a field, hits have no score (0.0, as OpenSearch):
        bm25 would cost as much as the search (FTS5 reads every match for its idf)."""
        if not self.positive:
            return None
        score = "NULL" if self._sort_field() else self.tables.bm25(self.schema)
        return self.connection.execute(f"SELECT rowid, {score} FROM {self.tables.fts} "
                                       f"WHERE {self.tables.fts} MATCH ?", (self.positive,)).fetchall()

    def _text_bitmap(self, scored):
        if scored is not None:
            return bitmap_of(map(itemgetter(0), scored))
        if self.negative:
            excluded = self.connection.execute(f"SELECT rowid FROM {self.tables.fts} WHERE {self.tables.fts} MATCH ?",
                                               (self.negative,))
            return self.snapshot.all_docs & ~bitmap_of(rowid for (rowid,) in excluded)
        return self.snapshot.all_docs

    def _ranged(self, bits):
        for name, bounds in (self.query.ranges or {}).items():
            low, high = (tuple(bounds) + (None, None))[:2]
            if low is not None or high is not None:
                bits &= self._range(name, low, high)
        return bits

    def _range(self, name, low, high):
        if name in self.tables.layout.sort_fields:
            low, high = _sort_key(low), _sort_key(high)
            order = self.snapshot.order(self.connection, self.tables, name)
            found = order.between(low, high)
            return found if found is not None else self._range_in_sql(name, low, high)
        if name in self.schema.keyword_fields:
            return reduce(or_, (bits for value, bits in self.snapshot.values.get(name, {}).items()
                                if _within(value, low, high)), 0)
        return self.snapshot.all_docs  # not a field that ranges apply to

    def _range_in_sql(self, name, low, high):
        column = self.tables.sort_column(name)
        clauses = [f"{column} {operator} ?" for operator, bound in ((">=", low), ("<=", high)) if bound is not None]
        params = [bound for bound in (low, high) if bound is not None]
        rows = self.connection.execute(f"SELECT rowid FROM {self.tables.docs} WHERE {' AND '.join(clauses)}", params)
        return bitmap_of(rowid for (rowid,) in rows)

    def _filters(self):
        """{field: bitmap of the documents having one of the wanted values}."""
        filters = {}
        for name, values in (self.query.filters or {}).items():
            values = _keyword_values([values] if isinstance(values, str) else values)
            if values:
                known = self.snapshot.values.get(name, {})
                filters[name] = reduce(or_, (known.get(value, 0) for value in values), 0)
        return filters

    # Hits ------------------------------------------------------------------------------------------------
    def _hits(self, scored, selected, narrowed):
        """The page of hits; ``narrowed`` when ranges or filters removed some text matches."""
        limit, offset = max(int(self.query.limit), 0), max(int(self.query.offset), 0)
        if limit == 0 or not selected:
            return []
        name, scores = self._sort_field(), {}
        if name:
            order = self.snapshot.order(self.connection, self.tables, name)
            descending = self.query.sort.startswith("-")
            rowids = order.first(selected, selected == self.snapshot.all_docs, descending, offset, limit)
        elif scored is not None:
            members = _Members(selected) if narrowed else None
            candidates = [row for row in scored if row[0] in members] if narrowed else scored
            best = heapq.nsmallest(offset + limit, candidates, key=itemgetter(1, 0))[offset:]
            rowids, scores = [rowid for rowid, _ in best], dict(best)
        else:
            rowids = _first_members(selected, offset, limit)
        if not rowids:
            return []
        ids = self._ids(rowids)
        highlights = self._highlights(rowids) if self._highlighting() else {}
        return [SearchHit(id=ids[rowid], score=-float(scores.get(rowid, 0.0)), highlights=highlights.get(rowid, {}))
                for rowid in rowids]

    def _ids(self, rowids):
        return dict(self.connection.execute(f"SELECT rowid, id FROM {self.tables.docs} WHERE rowid IN "
                                            f"({_marks(len(rowids))})", rowids))

    def _highlighting(self):
        return self.query.highlight and self.positive and self.tables.layout.highlight_fields

    def _highlights(self, rowids):
        """{rowid: {field: fragments}} for the fields with a match."""
        fields = [(index, name) for index, name in enumerate(self.tables.layout.highlight_fields)
                  if name in self.schema.highlight_fields]
        if not fields:
            return {}
        analysed = self._analysed(rowids, [name for _, name in fields])
        columns = ", ".join(f"p{index}, t{index}" for index, _ in fields)
        patterns = self.parsed.highlight_patterns
        highlights = {}
        for doc, *values in self.connection.execute(
                f"SELECT doc, {columns} FROM {self.tables.texts} WHERE doc IN ({_marks(len(rowids))})", rowids):
            found = {}
            for (_, name), checkpoints, text in zip(fields, values[::2], values[1::2]):
                checkpoints = json.loads(checkpoints) if checkpoints else None
                fragments = highlight(text, patterns, analysed.get((doc, name)), checkpoints)
                if fragments:
                    found[name] = fragments
            highlights[doc] = found
        return highlights

    def _analysed(self, rowids, names):
        """{(rowid, field): indexed forms} of the text fields among ``names``."""
        names = [name for name in names if name in self.tables.layout.text_fields]
        if not names:
            return {}
        columns = ", ".join(self.tables.text_column(name) for name in names)
        rows = self.connection.execute(f"SELECT rowid, {columns} FROM {self.tables.fts} "
                                       f"WHERE rowid IN ({_marks(len(rowids))})", rowids)
        return {(rowid, name): text for rowid, *texts in rows for name, text in zip(names, texts)}

    # Facets ----------------------------------------------------------------------------------------------
    def _facets(self, base, filters):
        """Counts per value of each facet, under every filter but the facet's own (multi-select)."""
        size = max(int(self.query.facet_size), 1)
        facets = {}
        for name in dict.fromkeys(self.query.facets or ()):
            scope = reduce(and_, (bits for field, bits in filters.items() if field != name), base)
            every = scope == self.snapshot.all_docs
            counts = [(value, bits.bit_count() if every else (bits & scope).bit_count())
                      for value, bits in self.snapshot.values.get(name, {}).items()]
            facets[name] = sorted(((value, count) for value, count in counts if count),
                                  key=lambda item: (-item[1], item[0]))[:size]
        return facets


def _within(value, low, high):
    """A keyword value within inclusive bounds: compared as numbers when the bounds are numbers."""
    numeric = isinstance(low if low is not None else high, (int, float))
    if numeric:
        try:
            value = float(value)
        except ValueError:
            return False
    else:
        low, high = (None if bound is None else str(bound) for bound in (low, high))
    return (low is None or value >= low) and (high is None or value <= high)


# More like this ------------------------------------------------------------------------------------------
class _MoreLikeThis:
    """Documents sharing the most telling words of one document (tf-idf), and its keyword values."""

    def __init__(self, connection, tables, snapshot, schema):
        self.connection, self.tables, self.snapshot, self.schema = connection, tables, snapshot, schema

    def ids(self, document_id, limit):
        row = self.connection.execute(f"SELECT rowid FROM {self.tables.docs} WHERE id = ?", (document_id,)).fetchone()
        if row is None or limit <= 0:
            return []
        rowid = row[0]
        text_scores = self._text_candidates(rowid)
        keyword_idf = self._keyword_idf(rowid)
        candidates = (set(text_scores) | self._keyword_candidates(keyword_idf)) - {rowid}
        if not candidates:
            return []
        overlap = self._keyword_overlap(candidates, keyword_idf)
        best_text = max(text_scores.values(), default=0.0) or 1.0
        all_keywords = sum(keyword_idf.values()) or 1.0

        def closeness(doc):
            return text_scores.get(doc, 0.0) / best_text + MLT_KEYWORD_WEIGHT * overlap.get(doc, 0.0) / all_keywords

        ranked = sorted(candidates, key=lambda doc: (-closeness(doc), doc))[:limit]
        ids = dict(self.connection.execute(f"SELECT rowid, id FROM {self.tables.docs} "
                                           f"WHERE rowid IN ({_marks(len(ranked))})", ranked))
        return [ids[doc] for doc in ranked]

    def _text_candidates(self, rowid):
        """{rowid: text score} of the documents sharing two of the most telling words (bm25 over
        all documents sharing any one word would read most of a large index), or one if too few."""
        terms = self._telling_terms(rowid)
        paired = [f"({quoted([first])} AND {quoted([second])})"
                  for first, second in combinations(terms[:MLT_PAIRED_TERMS], 2)]
        expressions = [" OR ".join(paired)] if paired else []
        expressions.append(" OR ".join(quoted([term]) for term in terms))
        scores = {}
        for expression in expressions if terms else []:
            rows = self.connection.execute(
                f"SELECT rowid, -{self.tables.bm25(self.schema)} AS score FROM {self.tables.fts} "
                f"WHERE {self.tables.fts} MATCH ? AND rowid != ? ORDER BY score DESC LIMIT ?",
                (expression, rowid, MLT_CANDIDATES))
            scores = dict(rows)
            if len(scores) >= MLT_CANDIDATES:
                break
        return scores

    def _telling_terms(self, rowid):
        """The words of highest tf-idf (tf weighed by field boosts) found in other documents too."""
        layout = self.tables.layout
        columns = ", ".join(self.tables.text_column(name) for name in layout.text_fields) or "c0"
        row = self.connection.execute(f"SELECT {columns} FROM {self.tables.fts} WHERE rowid = ?", (rowid,)).fetchone()
        frequencies = Counter()
        for name, text in zip(layout.text_fields, row or ()):
            boost = float(self.schema.text_fields.get(name, 1.0))
            for term, count in Counter((text or "").split()).items():
                if term not in STOP_STEMS:
                    frequencies[term] += count * boost
        words = [term for term, _ in frequencies.most_common(MLT_TERMS * 4)]
        documents = self._document_frequencies(words)
        scored = [(frequencies[term] * math.log(1 + self.snapshot.count / documents[term]), term)
                  for term in words if documents.get(term, 0) > 1]
        return [term for _, term in sorted(scored, reverse=True)[:MLT_TERMS]]

    def _document_frequencies(self, words):
        known = self.snapshot.document_frequencies
        missing = [word for word in words if word not in known]
        for chunk in _chunks(missing, SQL_CHUNK):
            known.update(self.connection.execute(f"SELECT term, df FROM {self.tables.dfs} "
                                                 f"WHERE term IN ({_marks(len(chunk))})", chunk))
        for word in missing:
            if word not in known:  # indexed since the last rebuild
                row = self.connection.execute(f"SELECT doc FROM {self.tables.vocab} WHERE term = ?", (word,)).fetchone()
                known[word] = row[0] if row else 0
        return {word: known[word] for word in words}

    def _keyword_idf(self, rowid):
        """{term id: idf} of this document's keyword values shared with other documents."""
        idf = {}
        for (term,) in self.connection.execute(f"SELECT term FROM {self.tables.doc_terms} WHERE doc = ?", (rowid,)):
            documents = self.snapshot.terms[term][2].bit_count() if term in self.snapshot.terms else 0
            if documents > 1:
                idf[term] = math.log(1 + self.snapshot.count / documents)
        return idf

    def _keyword_candidates(self, keyword_idf):
        """Documents sharing one of the three rarest values (the first ones of them)."""
        rarest = sorted(keyword_idf, key=keyword_idf.get, reverse=True)[:3]
        shared = reduce(or_, (self.snapshot.terms[term][2] for term in rarest), 0)
        return set(_first_members(shared, 0, MLT_CANDIDATES * 4))

    def _keyword_overlap(self, candidates, keyword_idf):
        overlap = Counter()
        for term, idf in keyword_idf.items():
            members = _Members(self.snapshot.terms[term][2])
            for doc in candidates:
                if doc in members:
                    overlap[doc] += idf
        return overlap


# Helpers ------------------------------------------------------------------------------------------------
def _batches(documents, size):
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def _chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _marks(count):
    return ", ".join("?" * count)


def _columns(prefix, count):
    return ", ".join(f"{prefix}{index}" for index in range(count))


def _sql_string(text):
    return "'" + text.replace("'", "''") + "'"


def _distinct_values(values, limit):
    found = []
    for value in values:
        if value and value not in found:
            found.append(value)
            if len(found) == limit:
                break
    return found


def _words_start_with(words, prefixes):
    return all(any(word.startswith(prefix) for word in words) for prefix in prefixes)
