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

The modules: schema (the file, its connections and transactions, the tables of a version, the
aliases), documents and indexing (writes, rebuild), snapshot and bitmaps (the in-memory side),
query with facets and highlight (one search), suggest, more_like_this. Except ``rebuild``, which
spans several transactions, they work inside the transaction ``EmbeddedEngine`` opens.
"""
import logging
import sqlite3
from pathlib import Path

from search.analysis import unstemmed_words
from search.query_text import clean_text, parse, synonym_table
from search.spelling import Corrector, Typed, alias_words
from search.spelling_display import proposal_text

from ..base import MAX_PAGES_IN_DOCUMENT, SearchEngine, SearchResults
from . import indexing, pages, spelling
from .more_like_this import MoreLikeThis
from .query import Search
from .schema import Database, Layout, bump_generation, create_index, current_tables, drop_index
from .snapshot import Snapshots
from .suggest import suggest_keyword, suggest_text

logger = logging.getLogger(__name__)


class EmbeddedEngine(SearchEngine):
    name = "embedded"

    def __init__(self, path, index_prefix="crpv", timeout=10, **options):
        super().__init__(index_prefix=index_prefix)
        self.path = Path(path)
        self.database = Database(self.path, float(timeout))
        self.snapshots = Snapshots()
        self._warned = set()

    # Connections ---------------------------------------------------------------------------------------
    def connection(self):
        """This thread's connection (see ``Database.connection``)."""
        return self.database.connection()

    def close(self):
        """Close this thread's connection (others close with their thread)."""
        self.database.close()

    def _probe(self):
        connection = self.connection()
        connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_probe USING fts5(body)")
        connection.execute("SELECT count(*) FROM search_aliases").fetchone()
        version = connection.execute("SELECT sqlite_version()").fetchone()[0]
        return f"embedded (SQLite {version} FTS5)"

    # Index lifecycle -----------------------------------------------------------------------------------
    def alias(self, schema):
        return f"{self.index_prefix}_{schema.name}"

    def ensure_index(self, schema):
        with self.database.transaction("IMMEDIATE") as connection:
            self._ensure(connection, schema)

    def _ensure(self, connection, schema):
        alias = self.alias(schema)
        tables = current_tables(connection, alias)
        if tables is None:
            tables = create_index(connection, alias, Layout.of(schema))
        elif tables.layout != Layout.of(schema) and alias not in self._warned:
            self._warned.add(alias)
            logger.warning("Search index %s was built for another schema layout: rebuild it.", alias)
        spelling.ensure(connection, tables)  # an index built before the spelling tables existed
        return tables

    def rebuild(self, schema, documents, progress=None):
        return indexing.rebuild(self.database, self.alias(schema), schema, documents, progress)

    def drop(self, schema):
        with self.database.transaction("IMMEDIATE") as connection:
            drop_index(connection, self.alias(schema))
        self.snapshots.forget(self.alias(schema))

    # Documents -----------------------------------------------------------------------------------------
    def index(self, schema, documents):
        for batch in indexing.batches(documents):
            with self.database.transaction("IMMEDIATE") as connection:
                tables = self._ensure(connection, schema)
                indexing.write_batch(connection, tables, schema, batch)
                bump_generation(connection, tables)

    def delete(self, schema, ids):
        ids = [str(document_id) for document_id in ids]
        with self.database.transaction("IMMEDIATE") as connection:
            tables = current_tables(connection, self.alias(schema))
            if tables is None:
                return
            indexing.delete(connection, tables, ids)
            bump_generation(connection, tables)

    def refresh(self, schema):
        """Nothing to do: a committed write is visible to the next read."""

    def count(self, schema):
        with self.database.transaction() as connection:
            tables = current_tables(connection, self.alias(schema))
            return connection.execute(f"SELECT count(*) FROM {tables.docs}").fetchone()[0] if tables else 0

    # Queries -------------------------------------------------------------------------------------------
    def search(self, schema, query):
        parsed = parse(query.text, synonym_table(schema.synonyms))
        with self.database.transaction() as connection:
            tables = current_tables(connection, self.alias(schema))
            if tables is None:
                return SearchResults(0, [], {name: [] for name in query.facets})
            snapshot = self.snapshots.get(connection, tables)
            try:
                return Search(connection, tables, snapshot, schema, query, parsed).run()
            except sqlite3.OperationalError as error:
                if not str(error).startswith("fts5"):
                    raise
                # Defensive only: expressions are built from quoted tokens and should always parse.
                logger.warning("FTS5 rejected the query %r: %s", query.text, error)
                return SearchResults(0, [], {name: [] for name in query.facets})

    def search_in_document(self, schema, document_id, text, limit=MAX_PAGES_IN_DOCUMENT):
        parsed = parse(text, synonym_table(schema.synonyms))
        with self.database.transaction() as connection:
            tables = current_tables(connection, self.alias(schema))
            if tables is None or not tables.layout.page_field:
                return []
            row = connection.execute(f"SELECT rowid FROM {tables.docs} WHERE id = ?", (str(document_id),)).fetchone()
            if row is None:
                return []
            try:
                return pages.best_pages(connection, tables, parsed, [row[0]], limit).get(row[0], [])
            except sqlite3.OperationalError as error:
                if not str(error).startswith("fts5"):
                    raise
                logger.warning("FTS5 rejected the query %r: %s", text, error)
                return []

    def more_like_this(self, schema, document_id, limit=5):
        with self.database.transaction() as connection:
            tables = current_tables(connection, self.alias(schema))
            if tables is None:
                return []
            snapshot = self.snapshots.get(connection, tables)
            return MoreLikeThis(connection, tables, snapshot, schema).ids(str(document_id), limit)

    def suggest(self, schema, prefix, field="titre", limit=8):
        words = unstemmed_words(clean_text(prefix))[:8]
        if not words or limit <= 0:
            return []
        with self.database.transaction() as connection:
            tables = current_tables(connection, self.alias(schema))
            if tables is None:
                return []
            if field in tables.layout.suggest_fields:
                return suggest_text(connection, tables, field, words, limit)
            if field in schema.keyword_fields:
                return suggest_keyword(self.snapshots.get(connection, tables), field, words, limit)
            return []

    def suggest_query(self, schema, text):
        typed = Typed(text)
        if not typed.correctable() or not self._spelling_ready(schema):
            return None
        with self.database.transaction() as connection:
            tables = current_tables(connection, self.alias(schema))
            vocabulary = spelling.EmbeddedVocabulary(connection, tables, alias_words(schema.synonyms))
            items = Corrector(vocabulary).correct(typed)
            if items is None:
                return None
            words = [word for item in items for word in item.folded.split()]
            sources = spelling.sources(connection, tables, words)
        aliases = [str(term) for group in schema.synonyms for term in group]
        return proposal_text(typed, items, sources + aliases)

    def _spelling_ready(self, schema):
        """Whether the index exists; its spelling tables are made first if it predates them."""
        with self.database.transaction() as connection:
            tables = current_tables(connection, self.alias(schema))
            if tables is None:
                return False
            if spelling.exists(connection, tables):
                return True
        with self.database.transaction("IMMEDIATE") as connection:
            self._ensure(connection, schema)
        return True
