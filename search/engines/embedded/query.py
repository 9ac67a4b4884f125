"""One search: the FTS5 MATCH of the text, then ranges, filters, the page of hits and the facets
as bitmap operations on the snapshot."""
import heapq
from functools import reduce
from operator import and_, itemgetter, or_

from search.query_text import match_expressions

from ..base import SearchHit, SearchResults
from .bitmaps import Members, bitmap_of, first_members
from .documents import keyword_values, sort_key
from .facets import facet_counts
from .highlight import highlights
from .pages import best_pages
from .sql import placeholders


class Search:
    """One search, inside the read transaction of the caller."""

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
        return SearchResults(total=selected.bit_count(), hits=hits,
                             facets=facet_counts(self.snapshot, self.query, base, filters))

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
            low, high = sort_key(low), sort_key(high)
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
            values = keyword_values([values] if isinstance(values, str) else values)
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
            members = Members(selected) if narrowed else None
            candidates = [row for row in scored if row[0] in members] if narrowed else scored
            best = heapq.nsmallest(offset + limit, candidates, key=itemgetter(1, 0))[offset:]
            rowids, scores = [rowid for rowid, _ in best], dict(best)
        else:
            rowids = first_members(selected, offset, limit)
        if not rowids:
            return []
        ids = self._ids(rowids)
        found = (highlights(self.connection, self.tables, self.schema, self.parsed.highlight_patterns, rowids)
                 if self._highlighting() else {})
        pages = (best_pages(self.connection, self.tables, self.parsed, rowids, self.query.page_hits)
                 if self._highlighting() and self.tables.layout.page_field else {})
        return [SearchHit(id=ids[rowid], score=-float(scores.get(rowid, 0.0)), highlights=found.get(rowid, {}),
                          pages=pages.get(rowid, [])) for rowid in rowids]

    def _ids(self, rowids):
        return dict(self.connection.execute(f"SELECT rowid, id FROM {self.tables.docs} WHERE rowid IN "
                                            f"({placeholders(len(rowids))})", rowids))

    def _highlighting(self):
        return self.query.highlight and self.positive and self.tables.layout.highlight_fields


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
