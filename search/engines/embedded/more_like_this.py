"""``more_like_this``: candidates found with FTS5 (bm25), ranked with the keyword bitmaps of the snapshot too."""
import math
from collections import Counter
from functools import reduce
from itertools import combinations
from operator import or_

from search.analysis import STOP_WORDS, analyse_token
from search.query_text import quoted

from .bitmaps import Members, first_members
from .sql import SQL_CHUNK, chunks, placeholders

MLT_TERMS = 12  # the document's most telling words
MLT_PAIRED_TERMS = 6  # candidates share two of the first ones...
MLT_CANDIDATES = 50  # ...unless fewer than this do, then one of them
MLT_KEYWORD_WEIGHT = 0.5
STOP_STEMS = frozenset(analyse_token(word) for word in STOP_WORDS)


class MoreLikeThis:
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
                                           f"WHERE rowid IN ({placeholders(len(ranked))})", ranked))
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
        for chunk in chunks(missing, SQL_CHUNK):
            known.update(self.connection.execute(f"SELECT term, df FROM {self.tables.dfs} "
                                                 f"WHERE term IN ({placeholders(len(chunk))})", chunk))
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
        return set(first_members(shared, 0, MLT_CANDIDATES * 4))

    def _keyword_overlap(self, candidates, keyword_idf):
        overlap = Counter()
        for term, idf in keyword_idf.items():
            members = Members(self.snapshot.terms[term][2])
            for doc in candidates:
                if doc in members:
                    overlap[doc] += idf
        return overlap
