"""Relevance on a French test set written from the seed documents (tests/search/relevance_set.json).

Every relevant document must come in the first three hits, and the mean reciprocal rank of the
first relevant document must stay at or above 0.9. Subclasses provide the ``engine`` fixture.
"""
import json
import uuid
from pathlib import Path

import pytest

from search.engines.base import IndexSchema, SearchQuery

SET = json.loads((Path(__file__).parent / "relevance_set.json").read_text())
KEYWORDS = ("theme", "territoire")


def reciprocal_rank(found, relevant):
    return next((1 / rank for rank, doc_id in enumerate(found, 1) if doc_id in relevant), 0)


class RelevanceContract:
    @pytest.fixture
    def corpus(self, engine):
        schema = IndexSchema(
            name=f"relevance-{uuid.uuid4().hex[:8]}",
            text_fields={"titre": 4.0, "resume": 1.5, "sujets": 1.5}, keyword_fields=KEYWORDS,
            highlight_fields=("titre",), sort_fields=("date", "titre"),
            synonyms=tuple(tuple(group) for group in SET["synonyms"]),
        )
        engine.ensure_index(schema)
        engine.index(schema, [{**doc, "sujets": " ; ".join(doc["theme"] + doc["territoire"]), "date": None}
                              for doc in SET["documents"]])
        engine.refresh(schema)
        yield schema
        engine.drop(schema)

    def ranked(self, engine, schema, text):
        return [hit.id for hit in engine.search(schema, SearchQuery(text=text, limit=10, highlight=False)).hits]

    @pytest.mark.parametrize("case", SET["queries"], ids=[case["q"] for case in SET["queries"]])
    def test_relevant_documents_come_first(self, engine, corpus, case):
        top = self.ranked(engine, corpus, case["q"])[:3]
        missing = [doc_id for doc_id in case["relevant"] if doc_id not in top]
        assert not missing, f"{case['q']!r}: {missing} not in the first three hits {top}"

    def test_mean_reciprocal_rank(self, engine, corpus):
        ranks = [reciprocal_rank(self.ranked(engine, corpus, case["q"]), case["relevant"]) for case in SET["queries"]]
        assert sum(ranks) / len(ranks) >= 0.9
