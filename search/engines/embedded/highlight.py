"""Highlights of a page of hits, from the stored original texts and their indexed forms."""
import json

from search.analysis import highlight

from .sql import placeholders


def highlights(connection, tables, schema, patterns, rowids):
    """{rowid: {field: fragments}} for the fields with a match."""
    fields = [(index, name) for index, name in enumerate(tables.layout.highlight_fields)
              if name in schema.highlight_fields]
    if not fields:
        return {}
    analysed = _analysed(connection, tables, rowids, [name for _, name in fields])
    columns = ", ".join(f"p{index}, t{index}" for index, _ in fields)
    found_by_doc = {}
    for doc, *values in connection.execute(
            f"SELECT doc, {columns} FROM {tables.texts} WHERE doc IN ({placeholders(len(rowids))})", rowids):
        found = {}
        for (_, name), checkpoints, text in zip(fields, values[::2], values[1::2]):
            checkpoints = json.loads(checkpoints) if checkpoints else None
            fragments = highlight(text, patterns, analysed.get((doc, name)), checkpoints)
            if fragments:
                found[name] = fragments
        found_by_doc[doc] = found
    return found_by_doc


def _analysed(connection, tables, rowids, names):
    """{(rowid, field): indexed forms} of the text fields among ``names``."""
    names = [name for name in names if name in tables.layout.text_fields]
    if not names:
        return {}
    columns = ", ".join(tables.text_column(name) for name in names)
    rows = connection.execute(f"SELECT rowid, {columns} FROM {tables.fts} "
                              f"WHERE rowid IN ({placeholders(len(rowids))})", rowids)
    return {(rowid, name): text for rowid, *texts in rows for name, text in zip(names, texts)}
