"""The in-memory side of an index, per process: the bitmaps of its keyword values and its sort orders."""
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter

from .bitmaps import Members, bitmap_of


@dataclass
class SortOrder:
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
            members = Members(bits)
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


class Snapshot:
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
            order = self._orders[field] = SortOrder.load(connection, tables, field)
        return order


class Snapshots:
    """The latest snapshot of each index, shared by this process's threads."""

    def __init__(self):
        self._by_alias = {}
        self._lock = threading.Lock()

    def get(self, connection, tables):
        """The snapshot of this version and generation, loaded once per process."""
        cached = self._by_alias.get(tables.alias)
        if cached is not None and cached.matches(tables):
            return cached
        with self._lock:
            cached = self._by_alias.get(tables.alias)
            if cached is not None and cached.matches(tables):
                return cached
            snapshot = Snapshot.load(connection, tables)
            if cached is None or (snapshot.version, snapshot.generation) > (cached.version, cached.generation):
                self._by_alias[tables.alias] = snapshot
            return snapshot

    def forget(self, alias):
        self._by_alias.pop(alias, None)
