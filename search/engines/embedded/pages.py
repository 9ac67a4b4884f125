"""Hits by page in the embedded engine: one row per page of a document's files.

- page_rows: id, the document's rowid, the file key, page number, file name and title, page text;
  a document's pages get consecutive ids, so they are one rowid range of page_fts;
- page_fts: FTS5 over each page's analysed forms, rowid = page_rows.id.

Written with the documents (indexing), removed with them; a search asks for the best pages of its
page of hits only, one range seek per hit. A page matches when it has any required word or
phrase; bm25 ranks the pages with most first. Passages are highlighted from the page's original
text by the engine's highlighter (search/analysis.py), as every other highlight.
"""
from html import escape

from search.analysis import highlight
from search.query_text import any_of

from ..base import PageHit
from .sql import SQL_CHUNK, chunks, placeholders, sql_string

PASSAGE_LENGTH = 150  # characters shown of a page whose matches cannot be marked


def create(connection, tables, tokenizer):
    connection.execute(f"CREATE TABLE {tables.page_rows} (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, "
                       "fichier TEXT NOT NULL, numero INTEGER NOT NULL, nom TEXT, titre TEXT, texte TEXT)")
    connection.execute(f"CREATE INDEX {tables.name('page_rows_doc')} ON {tables.page_rows} (doc, id)")
    connection.execute(f"CREATE VIRTUAL TABLE {tables.page_fts} USING fts5(forms, tokenize = {sql_string(tokenizer)})")


def write(connection, tables, rows):
    if not rows:
        return
    next_id = connection.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {tables.page_rows}").fetchone()[0]
    numbered = [(next_id + index, *row) for index, row in enumerate(rows)]
    connection.executemany(f"INSERT INTO {tables.page_rows} VALUES ({placeholders(7)})",
                           [row[:7] for row in numbered])
    connection.executemany(f"INSERT INTO {tables.page_fts} (rowid, forms) VALUES (?, ?)",
                           [(row[0], row[7]) for row in numbered])


def remove(connection, tables, doc_rowids):
    for chunk in chunks(sorted(doc_rowids), SQL_CHUNK):
        marks = placeholders(len(chunk))
        ids = [page_id for (page_id,) in connection.execute(
            f"SELECT id FROM {tables.page_rows} WHERE doc IN ({marks})", chunk)]
        for ids_chunk in chunks(ids, SQL_CHUNK):
            connection.execute(f"DELETE FROM {tables.page_fts} WHERE rowid IN ({placeholders(len(ids_chunk))})",
                               ids_chunk)
        connection.execute(f"DELETE FROM {tables.page_rows} WHERE doc IN ({marks})", chunk)


def best_pages(connection, tables, parsed, rowids, size):
    """{document rowid: [PageHit]} of the best ``size`` pages of each document matching ``parsed``."""
    expression = any_of(parsed.required)
    if not expression or size <= 0:
        return {}
    found = {}
    for rowid in rowids:
        low, high = connection.execute(f"SELECT min(id), max(id) FROM {tables.page_rows} WHERE doc = ?",
                                       (rowid,)).fetchone()
        if low is None:
            continue
        ranked = [page_id for (page_id,) in connection.execute(
            f"SELECT rowid FROM {tables.page_fts} WHERE {tables.page_fts} MATCH ? AND rowid BETWEEN ? AND ? "
            "ORDER BY rank, rowid LIMIT ?", (expression, low, high, size))]
        if ranked:
            found[rowid] = _page_hits(connection, tables, ranked, parsed.highlight_patterns)
    return found


def _page_hits(connection, tables, ranked, patterns):
    rows = {row[0]: row[1:] for row in connection.execute(
        f"SELECT id, fichier, numero, nom, titre, texte FROM {tables.page_rows} "
        f"WHERE id IN ({placeholders(len(ranked))})", ranked)}
    return [PageHit(file=file, number=number, passage=passage(text, patterns), file_name=name or "",
                    file_title=title or "")
            for file, number, name, title, text in (rows[page_id] for page_id in ranked)]


def passage(text, patterns):
    fragments = highlight(text or "", patterns)
    if fragments:
        return fragments[0]
    return escape((text or "")[:PASSAGE_LENGTH])
