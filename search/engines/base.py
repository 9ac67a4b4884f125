"""What the product needs from a search engine: the port every engine implements.

Callers describe an index with an ``IndexSchema`` and talk in ``SearchQuery`` /
``SearchResults``; they never know which engine runs. The contract tests in
tests/search/contract.py define the behaviour and run against every engine present.
"""
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Health:
    up: bool
    latency_ms: float
    detail: str = ""


@dataclass(frozen=True)
class IndexSchema:
    """The shape of one logical index (e.g. "notices").

    text_fields: full-text fields and their relevance boost, analysed in French
        (elision, lowercase, accents folded, light stemming, synonyms).
    keyword_fields: exact values used for filters and facets; a document gives a list.
    highlight_fields: text fields whose matching fragments come back with each hit.
    sort_fields: sortable values; "titre" sorts as folded text, others as numbers or ISO dates.
    synonyms: groups of equivalent terms ("QPV", "quartier prioritaire"), from the thesaurus.
    page_field: a field holding the pages of a document's files, a list of dicts with PAGE_KEYS
        (file key, page number, text, and the file's name and title stored for display), indexed
        one page at a time so that hits say on which page they are ("" when none).
    """

    name: str
    text_fields: dict
    keyword_fields: tuple
    highlight_fields: tuple = ()
    sort_fields: tuple = ()
    synonyms: tuple = ()
    page_field: str = ""


# The keys of one page in a document's page field: file key, page number (from 1), page text, and
# the file's name and title (stored, not searched).
PAGE_FILE, PAGE_NUMBER, PAGE_TEXT, PAGE_FILE_NAME, PAGE_FILE_TITLE = "fichier", "numero", "texte", "nom", "titre"
PAGE_KEYS = (PAGE_FILE, PAGE_NUMBER, PAGE_TEXT, PAGE_FILE_NAME, PAGE_FILE_TITLE)
MAX_PAGES_IN_DOCUMENT = 100  # pages listed by search_in_document at most (the clusters' inner hits window)


@dataclass
class SearchQuery:
    """One search. ``text`` is what a user typed: words, "quoted phrases" and -exclusions;
    any other syntax is taken as plain words and never reaches the engine as syntax."""

    text: str = ""
    filters: dict = field(default_factory=dict)  # keyword field -> values: OR within, AND across
    ranges: dict = field(default_factory=dict)  # sort/keyword field -> (min or None, max or None), inclusive
    facets: tuple = ()  # keyword fields to count (multi-select: a field's own filter is ignored for its counts)
    facet_size: int = 100
    sort: str = "relevance"  # "relevance", "-<sort field>" (descending) or "<sort field>"
    offset: int = 0
    limit: int = 20
    highlight: bool = True
    page_hits: int = 0  # best pages of each hit (the schema's page field), one passage each; 0: none


@dataclass(frozen=True)
class PageHit:
    """A page matching the text: its file, number and passage (HTML-escaped, matches in <mark>)."""

    file: str
    number: int
    passage: str = ""
    file_name: str = ""
    file_title: str = ""


@dataclass
class SearchHit:
    id: str
    score: float
    highlights: dict = field(default_factory=dict)  # field -> fragments, HTML-escaped, matches in <mark>
    pages: list = field(default_factory=list)  # best PageHits, best first (with text and a page field)


@dataclass
class SearchResults:
    total: int
    hits: list
    facets: dict = field(default_factory=dict)  # field -> [(value, count)], count desc then value


class SearchEngine:
    """Base class: each engine module fills every method in."""

    name = "base"

    def __init__(self, index_prefix="crpv", **options):
        self.index_prefix = index_prefix

    # Health -----------------------------------------------------------------
    def ping(self):
        """Answer whether the engine can serve queries right now, never raising."""
        started = time.perf_counter()
        try:
            detail = self._probe()
        except Exception as error:  # any failure of the engine means "down"
            return Health(False, _elapsed_ms(started), f"{type(error).__name__}: {error}")
        return Health(True, _elapsed_ms(started), detail)

    def _probe(self):
        """Raise when the engine is unusable; return a short description otherwise."""
        raise NotImplementedError

    # Index lifecycle ----------------------------------------------------------
    def ensure_index(self, schema):
        """Create the index if it does not exist (idempotent)."""
        raise NotImplementedError

    def rebuild(self, schema, documents, progress=None):
        """Build a fresh copy of the index from ``documents`` (an iterable of dicts) and switch
        readers to it atomically (zero downtime), then drop the old copy. ``progress(n)`` is
        called as documents are indexed. Returns the number of documents indexed."""
        raise NotImplementedError

    def drop(self, schema):
        """Delete the index and all its copies (tests, reset)."""
        raise NotImplementedError

    # Documents ------------------------------------------------------------------
    def index(self, schema, documents):
        """Insert or replace documents: dicts with "id" plus schema fields (lists for keywords)."""
        raise NotImplementedError

    def delete(self, schema, ids):
        """Remove documents by id; unknown ids are ignored."""
        raise NotImplementedError

    def refresh(self, schema):
        """Make every indexed change visible to searches now."""
        raise NotImplementedError

    def count(self, schema):
        raise NotImplementedError

    # Queries --------------------------------------------------------------------
    def search(self, schema, query):
        """Run a SearchQuery; returns SearchResults."""
        raise NotImplementedError

    def more_like_this(self, schema, document_id, limit=5):
        """Ids of the documents closest to this one (excluding itself)."""
        raise NotImplementedError

    def search_in_document(self, schema, document_id, text, limit=MAX_PAGES_IN_DOCUMENT):
        """The pages of one document matching ``text`` (any of its words or phrases, the pages
        with most first), as PageHits; [] when nothing matches or nothing is required. Any text
        is accepted, as in ``search``."""
        raise NotImplementedError

    def suggest(self, schema, prefix, field="titre", limit=8):
        """Values of ``field`` whose words start with ``prefix`` (autocomplete)."""
        raise NotImplementedError

    def suggest_query(self, schema, text):
        """"Vouliez-vous dire …": ``text`` with its misspelled words replaced by the closest
        words of the index (titles, authors, subjects, the schema's synonyms), written as the
        index writes them; None when no word needs it or none is close. Any text is accepted."""
        raise NotImplementedError


def _elapsed_ms(started):
    return round((time.perf_counter() - started) * 1000, 2)
