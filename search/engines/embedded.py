"""Embedded engine: SQLite FTS5 in a file next to the site, no server to run.

One file holds every index. The logical index "<prefix>_<schema name>" is an alias (table
``search_aliases``) naming its current version and layout; version v is a set of tables
"<alias>__v<v>_<kind>":

- docs: rowid, id, one sort key per sort field (numbers as numbers, text folded to lowercase ASCII);
- texts: the original text of each highlighted field (t<i>) and, for long ones, the offsets of
  every 256th word (p<i>), so highlighting a 2-million-character text reads no more than that;
- fts: FTS5, one column per text field holding its analysed tokens (search/analysis.py), so
  FTS5's tokenizer only splits them again; bm25() weighs columns with the schema's boosts;
- suggest: FTS5 over the unstemmed folded words of short text fields, for prefix queries,
  with their original values;
- terms and doc_terms: keyword values and which documents have them, for filters and facets;
  terms.doc_count keeps the counts of the unfiltered facets ready;
- vocab: fts5vocab over fts, document frequencies for more_like_this.

``rebuild`` fills a new version, switches the alias in one transaction, then drops the old
tables; readers run each call in one read transaction (WAL), so they see either version whole.
Documents indexed during a rebuild go to the old version and are lost with it.
"""
import json
import logging
import math
import re
import sqlite3
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from search.analysis import LONG_TEXT_LENGTH, analyse, analyse_with_checkpoints, fold, highlight, unstemmed_words
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
TABLE_KINDS = ("vocab", "fts", "suggest", "doc_terms", "terms", "texts", "docs")  # drop order
MLT_TERMS = 25
MLT_CANDIDATES = 50
MLT_KEYWORD_WEIGHT = 0.5


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
    alias: str
    version: int
    layout: Layout

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
    def suggest(self):
        return self.name("suggest")

    @property
    def texts(self):
        return self.name("texts")

    @property
    def terms(self):
        return self.name("terms")

    @property
    def doc_terms(self):
        return self.name("doc_terms")

    @property
    def vocab(self):
        return self.name("vocab")

    def text_column(self, name):
        return f"c{self.layout.text_fields.index(name)}"

    def sort_column(self, name):
        return f"s{self.layout.sort_fields.index(name)}"

    def suggest_column(self, name):
        return f"w{self.layout.suggest_fields.index(name)}"

    def suggest_value_column(self, name):
        return f"v{self.layout.suggest_fields.index(name)}"

    def bm25(self, schema, table=None):
        weights = ", ".join(str(float(schema.text_fields.get(name, 1.0))) for name in self.layout.text_fields)
        return f"bm25({table or self.fts}, {weights})"


class EmbeddedEngine(SearchEngine):
    name = "embedded"

    def __init__(self, path, index_prefix="crpv", timeout=10, **options):
        super().__init__(index_prefix=index_prefix)
        self.path = Path(path)
        self.timeout = float(timeout)
        self._local = threading.local()

    # Connections and transactions ----------------------------------------------------------------
    def connection(self):
        """This thread's connection (sqlite3 connections must stay in their thread)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._open()
        return connection

    def _open(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        for pragma in CONNECTION_PRAGMAS:
            connection.execute(pragma)
        connection.execute("CREATE TABLE IF NOT EXISTS search_aliases "
                           "(alias TEXT PRIMARY KEY, version INTEGER NOT NULL, layout TEXT NOT NULL)")
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS search_matched (doc INTEGER PRIMARY KEY, score REAL)")
        return connection

    def close(self):
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    @contextmanager
    def _transaction(self, mode=""):
        """A read transaction (one snapshot for the whole call) or, with "IMMEDIATE", a write one."""
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
        return f"SQLite {version} FTS5"

    # Index lifecycle ----------------------------------------------------------------------------------
    def alias(self, schema):
        return f"{self.index_prefix}_{schema.name}"

    def _current(self, connection, schema):
        alias = self.alias(schema)
        row = connection.execute("SELECT version, layout FROM search_aliases WHERE alias = ?", (alias,)).fetchone()
        return Tables(alias, row[0], Layout.loads(row[1])) if row else None

    def ensure_index(self, schema):
        with self._transaction("IMMEDIATE") as connection:
            self._ensure(connection, schema)

    def _ensure(self, connection, schema):
        tables = self._current(connection, schema)
        if tables is None:
            tables = Tables(self.alias(schema), self._next_version(connection, schema), Layout.of(schema))
            self._drop_versions(connection, tables.alias, self._versions(connection, tables.alias))  # crash leftovers
            self._create_tables(connection, tables)
            self._point_alias(connection, tables)
        elif tables.layout != Layout.of(schema):
            logger.warning("Search index %s has an older layout than its schema: rebuild it.", tables.alias)
        return tables

    def rebuild(self, schema, documents, progress=None):
        with self._transaction("IMMEDIATE") as connection:
            fresh = Tables(self.alias(schema), self._next_version(connection, schema), Layout.of(schema))
            self._create_tables(connection, fresh)
        total = 0
        try:
            for batch in _batches(documents, BATCH_SIZE):
                with self._transaction("IMMEDIATE") as connection:
                    self._write_batch(connection, fresh, schema, batch)
                total += len(batch)
                if progress:
                    progress(total)
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

    def _point_alias(self, connection, tables):
        connection.execute(
            "INSERT INTO search_aliases (alias, version, layout) VALUES (?, ?, ?) "
            "ON CONFLICT (alias) DO UPDATE SET version = excluded.version, layout = excluded.layout",
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

    def _next_version(self, connection, schema):
        alias = self.alias(schema)
        current = self._current(connection, schema)
        known = [*self._versions(connection, alias), current.version if current else 0]
        return max(known) + 1

    def _drop_versions(self, connection, alias, versions):
        for version, tables in self._versions(connection, alias).items():
            if version not in versions:
                continue
            for kind, name in sorted(tables, key=lambda table: TABLE_KINDS.index(table[0])):
                connection.execute(f"DROP TABLE IF EXISTS {quote_name(name)}")

    def _create_tables(self, connection, tables):
        layout = tables.layout
        sort_columns = "".join(f", s{index}" for index in range(len(layout.sort_fields)))
        connection.execute(f"CREATE TABLE {tables.docs} (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE"
                           f"{sort_columns})")
        # Checkpoints before texts: reading them never walks through a long text's overflow pages.
        highlighted = range(len(layout.highlight_fields))
        text_columns = "".join(f", p{index}" for index in highlighted) + "".join(f", t{index}" for index in highlighted)
        connection.execute(f"CREATE TABLE {tables.texts} (doc INTEGER PRIMARY KEY{text_columns})")
        for index in range(len(layout.sort_fields)):
            connection.execute(f"CREATE INDEX {quote_name(tables.raw_name(f'docs_s{index}'))} "
                               f"ON {tables.docs} (s{index})")
        text_columns = ", ".join(f"c{index}" for index in range(len(layout.text_fields))) or "c0"
        connection.execute(f"CREATE VIRTUAL TABLE {tables.fts} USING fts5({text_columns}, "
                           f"tokenize = {_sql_string(FTS_TOKENIZER)})")
        suggest_columns = ", ".join(f"w{index}, v{index} UNINDEXED" for index in range(len(layout.suggest_fields)))
        connection.execute(f"CREATE VIRTUAL TABLE {tables.suggest} USING fts5({suggest_columns or 'w0'}, "
                           f"tokenize = {_sql_string(FTS_TOKENIZER)}, detail = column, prefix = '2 3')")
        connection.execute(f"CREATE TABLE {tables.terms} (id INTEGER PRIMARY KEY, field TEXT NOT NULL, "
                           "value TEXT NOT NULL, doc_count INTEGER NOT NULL DEFAULT 0, UNIQUE (field, value))")
        connection.execute(f"CREATE TABLE {tables.doc_terms} (doc INTEGER NOT NULL, term INTEGER NOT NULL, "
                           "PRIMARY KEY (doc, term)) WITHOUT ROWID")
        connection.execute(f"CREATE INDEX {quote_name(tables.raw_name('doc_terms_by_term'))} "
                           f"ON {tables.doc_terms} (term, doc)")
        connection.execute(f"CREATE VIRTUAL TABLE {tables.vocab} USING fts5vocab("
                           f"{_sql_string(tables.raw_name('fts'))}, 'row')")

    # Documents --------------------------------------------------------------------------------------
    def index(self, schema, documents):
        for batch in _batches(documents, BATCH_SIZE):
            with self._transaction("IMMEDIATE") as connection:
                tables = self._ensure(connection, schema)
                self._write_batch(connection, tables, schema, batch)

    def delete(self, schema, ids):
        ids = [str(document_id) for document_id in ids]
        with self._transaction("IMMEDIATE") as connection:
            tables = self._current(connection, schema)
            if tables is not None:
                self._remove(connection, tables, self._rowids(connection, tables, ids).values())

    def refresh(self, schema):
        """Nothing to do: a committed write is visible to the next read."""

    def count(self, schema):
        with self._transaction() as connection:
            tables = self._current(connection, schema)
            return connection.execute(f"SELECT count(*) FROM {tables.docs}").fetchone()[0] if tables else 0

    def _write_batch(self, connection, tables, schema, documents):
        by_id = {str(document["id"]): document for document in documents}  # the last copy wins
        existing = self._rowids(connection, tables, list(by_id))
        self._remove(connection, tables, existing.values())
        next_rowid = connection.execute(f"SELECT coalesce(max(rowid), 0) + 1 FROM {tables.docs}").fetchone()[0]
        rows = _Rows(tables, schema)
        for document_id, document in by_id.items():
            rowid = existing.get(document_id)
            if rowid is None:
                rowid, next_rowid = next_rowid, next_rowid + 1
            rows.add(rowid, document_id, document)
        self._insert(connection, tables, rows)

    def _insert(self, connection, tables, rows):
        layout = tables.layout
        doc_marks = ", ".join("?" * (2 + len(layout.sort_fields)))
        connection.executemany(f"INSERT INTO {tables.docs} VALUES ({doc_marks})", rows.docs)
        if layout.highlight_fields:
            text_marks = ", ".join("?" * (1 + 2 * len(layout.highlight_fields)))
            connection.executemany(f"INSERT INTO {tables.texts} VALUES ({text_marks})", rows.texts)
        fts_marks = ", ".join("?" * (1 + max(1, len(layout.text_fields))))
        connection.executemany(f"INSERT INTO {tables.fts} (rowid, {_columns('c', max(1, len(layout.text_fields)))}) "
                               f"VALUES ({fts_marks})", rows.fts)
        if layout.suggest_fields:
            columns = ", ".join(f"w{index}, v{index}" for index in range(len(layout.suggest_fields)))
            marks = ", ".join("?" * (1 + 2 * len(layout.suggest_fields)))
            connection.executemany(f"INSERT INTO {tables.suggest} (rowid, {columns}) VALUES ({marks})", rows.suggest)
        term_ids = self._term_ids(connection, tables, {pair for _, pair in rows.keywords})
        doc_terms = {(rowid, term_ids[pair]) for rowid, pair in rows.keywords}
        connection.executemany(f"INSERT INTO {tables.doc_terms} (doc, term) VALUES (?, ?)", doc_terms)
        added = Counter(term for _, term in doc_terms)
        connection.executemany(f"UPDATE {tables.terms} SET doc_count = doc_count + ? WHERE id = ?",
                               [(count, term) for term, count in added.items()])

    def _term_ids(self, connection, tables, pairs):
        connection.executemany(f"INSERT INTO {tables.terms} (field, value) VALUES (?, ?) "
                               "ON CONFLICT (field, value) DO NOTHING", sorted(pairs))
        ids = {}
        for fields in _chunks(sorted(pairs), SQL_CHUNK // 2):
            condition = " OR ".join(["(field = ? AND value = ?)"] * len(fields))
            params = [item for pair in fields for item in pair]
            for term, field, value in connection.execute(
                    f"SELECT id, field, value FROM {tables.terms} WHERE {condition}", params):
                ids[(field, value)] = term
        return ids

    def _rowids(self, connection, tables, ids):
        found = {}
        for chunk in _chunks(ids, SQL_CHUNK):
            marks = ", ".join("?" * len(chunk))
            found.update(connection.execute(f"SELECT id, rowid FROM {tables.docs} WHERE id IN ({marks})", chunk))
        return found

    def _remove(self, connection, tables, rowids):
        for chunk in _chunks(list(rowids), SQL_CHUNK):
            marks = ", ".join("?" * len(chunk))
            removed = connection.execute(f"SELECT term, count(*) FROM {tables.doc_terms} WHERE doc IN ({marks}) "
                                         "GROUP BY term", chunk).fetchall()
            connection.executemany(f"UPDATE {tables.terms} SET doc_count = doc_count - ? WHERE id = ?",
                                   [(count, term) for term, count in removed])
            connection.execute(f"DELETE FROM {tables.doc_terms} WHERE doc IN ({marks})", chunk)
            for table in (tables.fts, tables.suggest, tables.docs):
                connection.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", chunk)
            connection.execute(f"DELETE FROM {tables.texts} WHERE doc IN ({marks})", chunk)

    # Queries ------------------------------------------------------------------------------------------
    def search(self, schema, query):
        parsed = parse(query.text, synonym_table(schema.synonyms))
        with self._transaction() as connection:
            tables = self._current(connection, schema)
            if tables is None:
                return SearchResults(0, [], {name: [] for name in query.facets})
            try:
                return _Search(connection, tables, schema, query, parsed).run()
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
            return _MoreLikeThis(connection, tables, schema).ids(str(document_id), limit)

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
                return self._suggest_keyword(connection, tables, field, words, limit)
            return []

    def _suggest_text(self, connection, tables, field, words, limit):
        expression = f"{tables.suggest_column(field)} : (" + " AND ".join(quoted([word]) + "*" for word in words) + ")"
        rows = connection.execute(
            f"SELECT {tables.suggest_value_column(field)} FROM {tables.suggest} WHERE {tables.suggest} MATCH ? "
            f"ORDER BY rank LIMIT ?", (expression, limit * 5))
        return _distinct_values((value for (value,) in rows), limit)

    def _suggest_keyword(self, connection, tables, field, words, limit):
        rows = connection.execute(f"SELECT value FROM {tables.terms} WHERE field = ? AND doc_count > 0 "
                                  "ORDER BY doc_count DESC, value", (field,))
        matching = (value for (value,) in rows if _words_start_with(unstemmed_words(value), words))
        return _distinct_values(matching, limit)


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
        checkpoints = {}
        forms = []
        for name in layout.text_fields:
            if name in layout.highlight_fields and len(texts[name]) > LONG_TEXT_LENGTH:
                field_forms, checkpoints[name] = analyse_with_checkpoints(texts[name])
            else:
                field_forms = analyse(texts[name])
            forms.append(" ".join(field_forms))
        self.fts.append((rowid, *(forms or [""])))
        if layout.highlight_fields:
            offsets = [json.dumps(checkpoints[name]) if name in checkpoints else None for name in layout.highlight_fields]
            self.texts.append((rowid, *offsets, *(texts[name] for name in layout.highlight_fields)))
        if layout.suggest_fields:
            values = []
            for name in layout.suggest_fields:
                text = _text_of(document.get(name))
                values += [" ".join(unstemmed_words(text)), text]
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


# One search ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Condition:
    field: str  # the filtered field, None for conditions every count obeys
    sql: str  # a condition on the document rowid, written as "{doc}"
    params: tuple


class _Search:
    def __init__(self, connection, tables, schema, query, parsed):
        self.connection, self.tables, self.schema, self.query = connection, tables, schema, query
        self.parsed = parsed
        self.positive, self.negative = match_expressions(parsed)
        self.conditions = self._conditions()

    def run(self):
        if self.positive:
            self._match_text()
        hits = self._hits()
        total = self._count()
        facets = self._facets()
        return SearchResults(total=total, hits=hits, facets=facets)

    # The documents matching the text, scored once, kept for the statements below.
    def _match_text(self):
        tables = self.tables
        self.connection.execute("DELETE FROM temp.search_matched")
        self.connection.execute(
            f"INSERT INTO temp.search_matched (doc, score) SELECT rowid, -{tables.bm25(self.schema)} "
            f"FROM {tables.fts} WHERE {tables.fts} MATCH ?", (self.positive,))

    def _base(self):
        """(FROM clause, rowid expression, score expression) of the text's matches."""
        if self.positive:
            return "temp.search_matched m", "m.doc", "m.score"
        return f"{self.tables.docs} d", "d.rowid", "0.0"

    def _where(self, doc, skip_field=None):
        conditions = [condition for condition in self.conditions if condition.field is None or condition.field != skip_field]
        sql = " AND ".join(condition.sql.format(doc=doc) for condition in conditions)
        params = [param for condition in conditions for param in condition.params]
        return (f"WHERE {sql}" if sql else ""), params, bool(conditions)

    def _conditions(self):
        tables, conditions = self.tables, []
        if self.negative:
            conditions.append(_Condition(None, f"{{doc}} NOT IN (SELECT rowid FROM {tables.fts} "
                                               f"WHERE {tables.fts} MATCH ?)", (self.negative,)))
        for name, values in (self.query.filters or {}).items():
            values = _keyword_values([values] if isinstance(values, str) else values)
            if not values:
                continue
            marks = ", ".join("?" * len(values))
            conditions.append(_Condition(name, f"{{doc}} IN (SELECT doc FROM {tables.doc_terms} WHERE term IN "
                                               f"(SELECT id FROM {tables.terms} WHERE field = ? AND value IN ({marks})))",
                                         (name, *values)))
        for name, bounds in (self.query.ranges or {}).items():
            condition = self._range(name, bounds)
            if condition:
                conditions.append(condition)
        return conditions

    def _range(self, name, bounds):
        low, high = (tuple(bounds) + (None, None))[:2]
        if low is None and high is None:
            return None
        tables = self.tables
        if name in tables.layout.sort_fields:
            column, low, high = tables.sort_column(name), _sort_key(low), _sort_key(high)
            sql, params = _bounds(column, low, high)
            return _Condition(None, f"{{doc}} IN (SELECT rowid FROM {tables.docs} WHERE {sql})", params)
        numeric = isinstance(low if low is not None else high, (int, float))
        value = "CAST(t.value AS REAL)" if numeric else "t.value"
        sql, params = _bounds(value, low, high)
        return _Condition(None, f"{{doc}} IN (SELECT k.doc FROM {tables.doc_terms} k JOIN {tables.terms} t "
                                f"ON t.id = k.term WHERE t.field = ? AND {sql})", (name, *params))

    def _count(self):
        source, doc, _ = self._base()
        where, params, _ = self._where(doc)
        return self.connection.execute(f"SELECT count(*) FROM {source} {where}", params).fetchone()[0]

    # Hits -------------------------------------------------------------------------------------------
    def _hits(self):
        query, tables = self.query, self.tables
        limit, offset = max(int(query.limit), 0), max(int(query.offset), 0)
        if limit == 0:
            return []
        source, doc, score = self._base()
        where, params, _ = self._where(doc)
        order, join = self._order(doc, score)
        rows = self.connection.execute(f"SELECT {doc}, {score} FROM {source} {join} {where} ORDER BY {order} "
                                       "LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
        if not rows:
            return []
        rowids = [rowid for rowid, _ in rows]
        ids = self._ids(rowids)
        highlights = self._highlights(rowids) if self._highlighting() else {}
        return [SearchHit(id=ids[rowid], score=float(hit_score), highlights=highlights.get(rowid, {}))
                for rowid, hit_score in rows]

    def _order(self, doc, score):
        sort = self.query.sort or "relevance"
        name = sort.lstrip("-")
        if name not in self.tables.layout.sort_fields:
            return (f"{score} DESC, {doc}" if self.positive else doc), ""
        column = f"d.{self.tables.sort_column(name)}"
        direction = "DESC" if sort.startswith("-") else "ASC"
        join = f"JOIN {self.tables.docs} d ON d.rowid = m.doc" if self.positive else ""
        return f"{column} IS NULL, {column} {direction}, {score} DESC, {doc}", join

    def _ids(self, rowids):
        marks = ", ".join("?" * len(rowids))
        return dict(self.connection.execute(f"SELECT rowid, id FROM {self.tables.docs} WHERE rowid IN ({marks})", rowids))

    def _highlighting(self):
        return self.query.highlight and self.positive and self.tables.layout.highlight_fields

    def _highlights(self, rowids):
        """{rowid: {field: fragments}} for the fields with a match."""
        layout = self.tables.layout
        fields = [(index, name) for index, name in enumerate(layout.highlight_fields)
                  if name in self.schema.highlight_fields]
        if not fields:
            return {}
        analysed = self._analysed(rowids, [name for _, name in fields])
        columns = ", ".join(f"p{index}, t{index}" for index, _ in fields)
        marks = ", ".join("?" * len(rowids))
        patterns = self.parsed.highlight_patterns
        highlights = {}
        for doc, *values in self.connection.execute(
                f"SELECT doc, {columns} FROM {self.tables.texts} WHERE doc IN ({marks})", rowids):
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
        marks = ", ".join("?" * len(rowids))
        rows = self.connection.execute(f"SELECT rowid, {columns} FROM {self.tables.fts} WHERE rowid IN ({marks})", rowids)
        return {(rowid, name): text for rowid, *texts in rows for name, text in zip(names, texts)}

    # Facets -----------------------------------------------------------------------------------------
    def _facets(self):
        names = list(dict.fromkeys(self.query.facets or ()))
        if not names:
            return {}
        counts = {name: [] for name in names}
        filtered = {condition.field for condition in self.conditions if condition.field}
        shared = [name for name in names if name not in filtered]
        if shared:
            self._count_values(shared, None, counts)
        for name in names:
            if name in filtered:
                self._count_values([name], name, counts)
        size = max(int(self.query.facet_size), 1)
        return {name: sorted(values, key=lambda item: (-item[1], item[0]))[:size] for name, values in counts.items()}

    def _count_values(self, names, skip_field, counts):
        tables = self.tables
        source, doc, _ = self._base()
        where, params, constrained = self._where(doc, skip_field)
        marks = ", ".join("?" * len(names))
        if not self.positive and not constrained:
            sql = (f"SELECT field, value, doc_count FROM {tables.terms} "
                   f"WHERE field IN ({marks}) AND doc_count > 0")
            rows = self.connection.execute(sql, names)
        else:
            sql = (f"SELECT t.field, t.value, c.n FROM (SELECT term, count(*) AS n FROM {tables.doc_terms} "
                   f"WHERE doc IN (SELECT {doc} FROM {source} {where}) GROUP BY term) c "
                   f"JOIN {tables.terms} t ON t.id = c.term WHERE t.field IN ({marks})")
            rows = self.connection.execute(sql, (*params, *names))
        for field, value, count in rows:
            counts[field].append((value, count))


def _bounds(expression, low, high):
    clauses, params = [], []
    if low is not None:
        clauses.append(f"{expression} >= ?")
        params.append(low)
    if high is not None:
        clauses.append(f"{expression} <= ?")
        params.append(high)
    return " AND ".join(clauses), tuple(params)


# More like this -------------------------------------------------------------------------------------
class _MoreLikeThis:
    """Documents sharing the most telling words of one document (tf-idf), and its keywords."""

    def __init__(self, connection, tables, schema):
        self.connection, self.tables, self.schema = connection, tables, schema
        self.total = connection.execute(f"SELECT count(*) FROM {tables.docs}").fetchone()[0]

    def ids(self, document_id, limit):
        tables = self.tables
        row = self.connection.execute(f"SELECT rowid FROM {tables.docs} WHERE id = ?", (document_id,)).fetchone()
        if row is None or limit <= 0:
            return []
        rowid = row[0]
        text_scores = self._text_candidates(rowid)
        keyword_idf = self._keyword_idf(rowid)
        candidates = set(text_scores) | self._keyword_candidates(rowid, keyword_idf)
        candidates.discard(rowid)
        if not candidates:
            return []
        overlap = self._keyword_overlap(candidates, keyword_idf)
        best_text = max(text_scores.values(), default=0.0) or 1.0
        best_keywords = sum(keyword_idf.values()) or 1.0
        ranked = sorted(candidates, key=lambda doc: (-(text_scores.get(doc, 0.0) / best_text
                                                       + MLT_KEYWORD_WEIGHT * overlap.get(doc, 0.0) / best_keywords),
                                                     doc))[:limit]
        marks = ", ".join("?" * len(ranked))
        ids = dict(self.connection.execute(f"SELECT rowid, id FROM {tables.docs} WHERE rowid IN ({marks})", ranked))
        return [ids[doc] for doc in ranked]

    def _text_candidates(self, rowid):
        terms = self._telling_terms(rowid)
        if not terms:
            return {}
        tables = self.tables
        expression = " OR ".join(quoted([term]) for term in terms)
        rows = self.connection.execute(
            f"SELECT rowid, -{tables.bm25(self.schema)} AS score FROM {tables.fts} WHERE {tables.fts} MATCH ? "
            f"AND rowid != ? ORDER BY score DESC LIMIT ?", (expression, rowid, MLT_CANDIDATES))
        return dict(rows)

    def _telling_terms(self, rowid):
        tables, layout = self.tables, self.tables.layout
        columns = ", ".join(tables.text_column(name) for name in layout.text_fields)
        row = self.connection.execute(f"SELECT {columns} FROM {tables.fts} WHERE rowid = ?", (rowid,)).fetchone()
        frequencies = Counter()
        for name, text in zip(layout.text_fields, row or ()):
            boost = float(self.schema.text_fields.get(name, 1.0))
            for term, count in Counter((text or "").split()).items():
                frequencies[term] += count * boost
        scored = []
        for term, frequency in frequencies.most_common(MLT_TERMS * 4):
            documents = self._document_frequency(term)
            if documents > 1:  # a word of this document alone finds nothing else
                scored.append((frequency * math.log(1 + self.total / documents), term))
        return [term for _, term in sorted(scored, reverse=True)[:MLT_TERMS]]

    def _document_frequency(self, term):
        row = self.connection.execute(f"SELECT doc FROM {self.tables.vocab} WHERE term = ?", (term,)).fetchone()
        return row[0] if row else 0

    def _keyword_idf(self, rowid):
        tables = self.tables
        rows = self.connection.execute(f"SELECT t.id, t.doc_count FROM {tables.doc_terms} k JOIN {tables.terms} t "
                                       "ON t.id = k.term WHERE k.doc = ?", (rowid,))
        return {term: math.log(1 + self.total / max(count, 1)) for term, count in rows if count > 1}

    def _keyword_candidates(self, rowid, keyword_idf):
        # Only values shared by few documents find close ones; "En ligne" finds everything.
        rare = [term for term, idf in keyword_idf.items() if idf >= math.log(1 + 10)] or list(keyword_idf)
        if not rare:
            return set()
        marks = ", ".join("?" * len(rare))
        rows = self.connection.execute(f"SELECT doc FROM {self.tables.doc_terms} WHERE term IN ({marks}) AND doc != ? "
                                       "GROUP BY doc ORDER BY count(*) DESC LIMIT ?", (*rare, rowid, MLT_CANDIDATES))
        return {doc for (doc,) in rows}

    def _keyword_overlap(self, candidates, keyword_idf):
        if not keyword_idf:
            return {}
        overlap = Counter()
        terms = list(keyword_idf)
        for chunk in _chunks(sorted(candidates), SQL_CHUNK // 2):
            doc_marks, term_marks = ", ".join("?" * len(chunk)), ", ".join("?" * len(terms))
            for doc, term in self.connection.execute(
                    f"SELECT doc, term FROM {self.tables.doc_terms} WHERE doc IN ({doc_marks}) AND term IN ({term_marks})",
                    (*chunk, *terms)):
                overlap[doc] += keyword_idf[term]
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
