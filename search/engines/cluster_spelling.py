""""Vouliez-vous dire" on OpenSearch and Elasticsearch: the phrase suggester.

Candidates for each word come from the ``spelling`` field (direct generator: indexed words up
to two edits away), and ``spelling.shingles`` scores the phrases they make (which words go
together in titles, authors and subjects). The best proposals are checked in order by a search
on the ``spelling`` field (every word present: the suggester's "collate", which needs a
scripting module some distributions lack); the first that finds documents is written in the
base's spelling from their texts (search/spelling_display.py). When the suggester has nothing
(words typed joined or split, thesaurus aliases), the engine-neutral corrector asks the
``spelling`` field through ``ClusterVocabulary``.
"""
from ..spelling import Vocabulary
from .mappings import SHINGLES_SUBFIELD, SPELLING_FIELD, spelling_source_fields

PROPOSALS = 5
MAX_ERRORS = 4  # misspelled words corrected in one text, at most
SOURCES_LIMIT = 30
SUGGESTION_NAME = "spelling"


def phrase_suggest_body(text, word_count):
    return {
        "size": 0,
        "suggest": {
            "text": text,
            SUGGESTION_NAME: {
                "phrase": {
                    "field": f"{SPELLING_FIELD}.{SHINGLES_SUBFIELD}",
                    "size": PROPOSALS,
                    "gram_size": 3,
                    "max_errors": min(word_count, MAX_ERRORS),
                    "direct_generator": [{
                        "field": SPELLING_FIELD, "suggest_mode": "always", "max_edits": 2,
                        "min_word_length": 3, "prefix_length": 0, "size": 10,
                    }],
                },
            },
        },
    }


def proposals(response):
    """The suggester's proposals, best first, as lists of folded words."""
    found = []
    for entry in (response or {}).get("suggest", {}).get(SUGGESTION_NAME, []):
        found += [option["text"].split() for option in entry.get("options", [])]
    return found


def all_words_query(words):
    return {"match": {SPELLING_FIELD: {"query": " ".join(words), "operator": "and"}}}


def sources_body(schema, words):
    return {"size": SOURCES_LIMIT, "query": all_words_query(words), "_source": list(spelling_source_fields(schema))}


def source_texts(response):
    texts = []
    for hit in (response or {}).get("hits", {}).get("hits", []):
        for value in hit.get("_source", {}).values():
            texts += [item for item in (value if isinstance(value, list) else [value]) if isinstance(item, str)]
    return texts


class ClusterVocabulary(Vocabulary):
    """Document counts of words (one filters aggregation) and close words (term suggester)."""

    def __init__(self, search, extra=()):
        super().__init__(extra)
        self.search = search  # body -> response, or None when refused
        self._neighbours = {}

    def counts(self, words):
        words = sorted(set(words))
        if not words:
            return {}
        filters = {str(index): {"term": {SPELLING_FIELD: word}} for index, word in enumerate(words)}
        response = self.search({"size": 0, "aggs": {"words": {"filters": {"filters": filters}}}})
        buckets = (response or {}).get("aggregations", {}).get("words", {}).get("buckets", {})
        counted = {word: buckets.get(str(index), {}).get("doc_count", 0) for index, word in enumerate(words)}
        return {word: count for word, count in counted.items() if count}

    def prepare(self, words, limit):
        """Close words of all ``words`` in two requests: one term suggester per word, then the
        live counts of every option (the suggester's frequencies still count deleted documents
        until segments merge)."""
        words = sorted(set(words) - set(self._neighbours))
        if not words:
            return
        suggesters = {f"w{index}": {"text": word, "term": {
            "field": SPELLING_FIELD, "suggest_mode": "always", "max_edits": 2, "prefix_length": 0,
            "min_word_length": 3, "size": limit}} for index, word in enumerate(words)}
        suggested = (self.search({"size": 0, "suggest": suggesters}) or {}).get("suggest", {})
        options = {word: [option["text"] for entry in suggested.get(f"w{index}", [])
                          for option in entry.get("options", [])] for index, word in enumerate(words)}
        counts = self.counts({option for found in options.values() for option in found})
        for word, found in options.items():
            self._neighbours[word] = [(option, counts[option]) for option in found if option in counts]

    def neighbours(self, word, limit):
        if word not in self._neighbours:
            self.prepare([word], limit)
        return self._neighbours.get(word, [])
