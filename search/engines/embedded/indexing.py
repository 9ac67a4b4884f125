"""Writing documents: batches of rows, deletes, the keyword bitmaps they change, and rebuilds."""
from collections import defaultdict
from itertools import islice

from . import pages, spelling
from .bitmaps import bitmap_bytes, bitmap_of
from .documents import Rows
from .schema import Layout, Tables, create_tables, drop_versions, new_version, point_alias, versions
from .sql import SQL_CHUNK, chunks, numbered_columns, placeholders

BATCH_SIZE = 500


def batches(documents, size=BATCH_SIZE):
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def rebuild(database, alias, schema, documents, progress=None):
    """Fill a new version, switch the alias to it, drop the older ones; returns the document count."""
    with database.transaction("IMMEDIATE") as connection:
        fresh = Tables(alias, new_version(connection, alias), Layout.of(schema))
        create_tables(connection, fresh)
    total = 0
    try:
        for batch in batches(documents):
            with database.transaction("IMMEDIATE") as connection:
                # Bitmaps are computed once at the end: per batch they would be rewritten whole.
                write_batch(connection, fresh, schema, batch, update_bitmaps=False)
            total += len(batch)
            if progress:
                progress(total)
        with database.transaction("IMMEDIATE") as connection:
            _build_bitmaps(connection, fresh)
            # fts5vocab counts a word's documents by reading its whole list: done once here.
            connection.execute(f"INSERT INTO {fresh.dfs} SELECT term, doc FROM {fresh.vocab}")
            spelling.fill(connection, fresh)
    except BaseException:
        with database.transaction("IMMEDIATE") as connection:
            drop_versions(connection, alias, {fresh.version})
        raise
    with database.transaction("IMMEDIATE") as connection:
        point_alias(connection, fresh)
    with database.transaction("IMMEDIATE") as connection:
        drop_versions(connection, alias, set(versions(connection, alias)) - {fresh.version})
    if progress and total == 0:
        progress(0)
    return total


def write_batch(connection, tables, schema, documents, update_bitmaps=True):
    by_id = {str(document["id"]): document for document in documents}  # the last copy wins
    existing = _rowids(connection, tables, list(by_id))
    # Read before removing: an updated document keeps its rowid, which may be the highest one.
    next_rowid = connection.execute(f"SELECT coalesce(max(rowid), 0) + 1 FROM {tables.docs}").fetchone()[0]
    removed = _remove(connection, tables, existing.values())
    rows = Rows(tables, schema)
    for document_id, document in by_id.items():
        rowid = existing.get(document_id)
        if rowid is None:
            rowid, next_rowid = next_rowid, next_rowid + 1
        rows.add(rowid, document_id, document)
    added = _insert(connection, tables, rows)
    if update_bitmaps:  # (a rebuild computes both once, at the end)
        _update_bitmaps(connection, tables, removed, added)
        spelling.add_words(connection, tables, rows.suggest)


def delete(connection, tables, ids):
    removed = _remove(connection, tables, _rowids(connection, tables, ids).values())
    _update_bitmaps(connection, tables, removed, {})


def _insert(connection, tables, rows):
    """Insert the rows; returns {term id: [rowids]} of the keyword values added."""
    layout = tables.layout
    connection.executemany(f"INSERT INTO {tables.docs} VALUES ({placeholders(2 + len(layout.sort_fields))})",
                           rows.docs)
    if layout.highlight_fields:
        connection.executemany(f"INSERT INTO {tables.texts} VALUES "
                               f"({placeholders(1 + 2 * len(layout.highlight_fields))})", rows.texts)
    fts_columns = max(1, len(layout.text_fields))
    connection.executemany(f"INSERT INTO {tables.fts} (rowid, {numbered_columns('c', fts_columns)}) "
                           f"VALUES ({placeholders(1 + fts_columns)})", rows.fts)
    if layout.suggest_fields:
        columns = ", ".join(f"w{index}, v{index}" for index in range(len(layout.suggest_fields)))
        connection.executemany(f"INSERT INTO {tables.suggest} (rowid, {columns}) "
                               f"VALUES ({placeholders(1 + 2 * len(layout.suggest_fields))})", rows.suggest)
    pages.write(connection, tables, rows.pages)
    term_ids = _term_ids(connection, tables, {pair for _, pair in rows.keywords})
    doc_terms = sorted({(rowid, term_ids[pair]) for rowid, pair in rows.keywords})
    connection.executemany(f"INSERT INTO {tables.doc_terms} (doc, term) VALUES (?, ?)", doc_terms)
    added = defaultdict(list)
    for rowid, term in doc_terms:
        added[term].append(rowid)
    return added


def _term_ids(connection, tables, pairs):
    pairs = sorted(pairs)
    connection.executemany(f"INSERT INTO {tables.terms} (field, value) VALUES (?, ?) "
                           "ON CONFLICT (field, value) DO NOTHING", pairs)
    ids = {}
    for chunk in chunks(pairs, SQL_CHUNK // 2):
        condition = " OR ".join(["(field = ? AND value = ?)"] * len(chunk))
        params = [item for pair in chunk for item in pair]
        for term, field, value in connection.execute(
                f"SELECT id, field, value FROM {tables.terms} WHERE {condition}", params):
            ids[(field, value)] = term
    return ids


def _rowids(connection, tables, ids):
    """{document id: rowid} of the documents indexed among ``ids``."""
    found = {}
    for chunk in chunks(ids, SQL_CHUNK):
        found.update(connection.execute(
            f"SELECT id, rowid FROM {tables.docs} WHERE id IN ({placeholders(len(chunk))})", chunk))
    return found


def _remove(connection, tables, rowids):
    """Delete documents; returns {term id: [rowids]} of the keyword values they had."""
    removed = defaultdict(list)
    if tables.layout.page_field:
        pages.remove(connection, tables, rowids)
    for chunk in chunks(sorted(rowids), SQL_CHUNK):
        marks = placeholders(len(chunk))
        for doc, term in connection.execute(f"SELECT doc, term FROM {tables.doc_terms} WHERE doc IN ({marks})",
                                            chunk):
            removed[term].append(doc)
        connection.execute(f"DELETE FROM {tables.doc_terms} WHERE doc IN ({marks})", chunk)
        for table in (tables.fts, tables.suggest, tables.docs):
            connection.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", chunk)
        connection.execute(f"DELETE FROM {tables.texts} WHERE doc IN ({marks})", chunk)
    return removed


def _update_bitmaps(connection, tables, removed, added):
    for chunk in chunks(sorted({*removed, *added}), SQL_CHUNK):
        stored = dict(connection.execute(
            f"SELECT id, bits FROM {tables.terms} WHERE id IN ({placeholders(len(chunk))})", chunk))
        updates = []
        for term in chunk:
            bits = int.from_bytes(stored.get(term) or b"", "little")
            bits = (bits & ~bitmap_of(removed.get(term, ()))) | bitmap_of(added.get(term, ()))
            updates.append((bitmap_bytes(bits), term))
        connection.executemany(f"UPDATE {tables.terms} SET bits = ? WHERE id = ?", updates)


def _build_bitmaps(connection, tables):
    documents = defaultdict(list)
    for doc, term in connection.execute(f"SELECT doc, term FROM {tables.doc_terms}"):
        documents[term].append(doc)
    connection.executemany(f"UPDATE {tables.terms} SET bits = ? WHERE id = ?",
                           [(bitmap_bytes(bitmap_of(docs)), term) for term, docs in documents.items()])
