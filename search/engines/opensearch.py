"""OpenSearch 2/3 engine, reached with opensearch-py.

Readers always go through the alias ``{index_prefix}-{schema.name}``; it points to one
physical index ``{alias}-v{N}``. A rebuild fills version N+1 and moves the alias in one
atomic ``update_aliases`` call, so searches never see a half-built index.
"""
import logging
import re
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from opensearchpy import OpenSearch, RequestError, helpers

from ..query_text import clean_text
from ..settings import OPENSEARCH, client_options
from ..spelling import Corrector, Typed, alias_words, items_from_words, reshaped
from ..spelling_display import proposal_text
from . import cluster_spelling, dsl_queries, mappings, page_queries
from .base import MAX_PAGES_IN_DOCUMENT, SearchEngine, SearchHit, SearchResults

logger = logging.getLogger(__name__)

BULK_CHUNK_SIZE = 1000
REBUILD_THREADS = 2  # bulk requests in flight during a rebuild: the node indexes while we read on
MAINTENANCE_TIMEOUT = 120  # seconds: bulk chunks, refreshes and index creation can be slow
SUGGEST_CANDIDATES_PER_VALUE = 4  # hits fetched per suggestion asked, before removing duplicates


def response_body(response):
    """The JSON body as a dict (the elasticsearch client wraps it in an ApiResponse)."""
    return getattr(response, "body", response)


class OpenSearchEngine(SearchEngine):
    name = "opensearch"
    product = "OpenSearch"
    backend = OPENSEARCH
    bad_request_error = RequestError  # HTTP 400: the engine refused this request
    bulk_helper = staticmethod(helpers.bulk)

    def __init__(self, url, timeout=5, api_key=None, username=None, password=None, ca_certs=None, **options):
        super().__init__(**options)
        self.url = url
        credentials = client_options(self.backend, api_key, username, password, ca_certs)
        self.client = self.build_client(url, timeout, credentials)
        self.maintenance_client = self.build_client(url, max(timeout, MAINTENANCE_TIMEOUT), credentials)
        self._with_page_field = set()  # indices known to map the schema's page field as nested

    @staticmethod
    def build_client(url, timeout, credentials):
        return OpenSearch(hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False, **credentials)

    def _cluster_health(self):
        return self.client.cluster.health(request_timeout=2)

    def _server_version(self):
        return self.client.info(request_timeout=2)["version"]["number"]

    def _probe(self):
        """"OpenSearch 2.19.1, cluster crpv (green)": the product, its version and the cluster."""
        health = response_body(self._cluster_health())
        if health["status"] == "red":
            raise RuntimeError("cluster status red")
        return f"{self.product} {self._server_version()}, cluster {health['cluster_name']} ({health['status']})"

    # Index names --------------------------------------------------------------------------
    def alias_name(self, schema):
        return f"{self.index_prefix}-{schema.name}"

    def version_name(self, schema, version):
        return f"{self.alias_name(schema)}-v{version}"

    def versions(self, schema):
        """Physical indices of ``schema``: {version number: name}."""
        pattern = re.compile(re.escape(self.alias_name(schema)) + r"-v(\d+)")
        existing = response_body(self.client.indices.get(
            index=f"{self.alias_name(schema)}-v*", allow_no_indices=True, ignore_unavailable=True))
        return {int(match.group(1)): name for name in existing if (match := pattern.fullmatch(name))}

    def next_version_name(self, schema):
        return self.version_name(schema, max(self.versions(schema), default=0) + 1)

    # Index lifecycle -----------------------------------------------------------------------
    def ensure_index(self, schema):
        alias = self.alias_name(schema)
        if self.client.indices.exists_alias(name=alias):
            return
        body = mappings.index_body(schema)
        body["aliases"] = {alias: {}}
        try:
            self.maintenance_client.indices.create(index=self.next_version_name(schema), body=body)
        except self.bad_request_error:
            if not self.client.indices.exists_alias(name=alias):  # else created concurrently: fine
                raise

    def rebuild(self, schema, documents, progress=None):
        alias = self.alias_name(schema)
        old_versions = list(self.versions(schema).values())
        new_version = self.next_version_name(schema)
        # No refresh while loading: segments are written once, at the end.
        self.maintenance_client.indices.create(
            index=new_version, body=mappings.index_body(schema, refresh_interval="-1"))
        try:
            indexed = self._bulk_index(schema, new_version, documents, progress, threads=REBUILD_THREADS)
            self.maintenance_client.indices.put_settings(
                index=new_version, body={"index": {"refresh_interval": None}})
            self.maintenance_client.indices.refresh(index=new_version)
        except BaseException:
            self.maintenance_client.indices.delete(index=new_version)
            raise
        self._move_alias(alias, new_version, old_versions)
        if old_versions:
            self.maintenance_client.indices.delete(index=",".join(old_versions))
        return indexed

    def _move_alias(self, alias, new_version, old_versions):
        actions = [{"remove": {"index": name, "alias": alias}} for name in self._indices_with_alias(alias)]
        actions.append({"add": {"index": new_version, "alias": alias}})
        self.maintenance_client.indices.update_aliases(body={"actions": actions})

    def _indices_with_alias(self, alias):
        if not self.client.indices.exists_alias(name=alias):
            return []
        return list(response_body(self.client.indices.get_alias(name=alias)))

    def drop(self, schema):
        versions = list(self.versions(schema).values())
        if versions:
            self.maintenance_client.indices.delete(index=",".join(versions))

    # Documents -----------------------------------------------------------------------------
    def index(self, schema, documents):
        return self._bulk_index(schema, self.alias_name(schema), documents)

    def _bulk_index(self, schema, index, documents, progress=None, threads=1):
        fields = mappings.indexed_fields(schema)
        if schema.page_field and not self._maps_page_field(schema, index):
            fields.discard(schema.page_field)  # never let the engine map it as a plain object
        actions = (
            {"_index": index, "_id": str(document["id"]),
             "_source": {key: value for key, value in document.items() if key in fields}}
            for document in documents
        )
        indexed = 0
        for sent in self._send_in_chunks(actions, threads):
            indexed += sent
            if progress:
                progress(indexed)
        return indexed

    def _send_in_chunks(self, actions, threads):
        """Yield the size of each chunk once indexed, in order, with up to ``threads`` bulk
        requests in flight. The actions are read in this thread only: the caller's iterator
        may be reading its database through this thread's connection."""
        chunks = chunked(actions, BULK_CHUNK_SIZE)
        if threads <= 1:
            yield from map(self._send_chunk, chunks)
            return
        with ThreadPoolExecutor(threads) as pool:
            pending = deque()
            for chunk in chunks:
                pending.append(pool.submit(self._send_chunk, chunk))
                if len(pending) > threads:  # one chunk ready in advance, no more
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def _send_chunk(self, actions, **options):
        """Index or delete one chunk; a failed item raises BulkIndexError."""
        done, _failures = self.bulk_helper(self.maintenance_client, actions, chunk_size=len(actions), **options)
        return done

    def _maps_page_field(self, schema, index):
        """Whether ``index`` (an alias or a version) maps the page field as nested. An index built
        before the field existed gets its documents without pages until ``rebuild`` (which warns)."""
        if index in self._with_page_field:
            return True
        try:
            found = response_body(self.client.indices.get_mapping(index=index))
        except Exception:  # no index yet: the write reports it
            return False
        nested = all(body["mappings"].get("properties", {}).get(schema.page_field, {}).get("type") == "nested"
                     for body in found.values())
        if nested:
            self._with_page_field.add(index)
        else:
            logger.warning("Index %s has no nested %s field: rebuild it for hits by page.", index, schema.page_field)
        return nested

    def delete(self, schema, ids):
        actions = ({"_op_type": "delete", "_index": self.alias_name(schema), "_id": str(id_)} for id_ in ids)
        for chunk in chunked(actions, BULK_CHUNK_SIZE):
            self._send_chunk(chunk, ignore_status=(404,))

    def refresh(self, schema):
        self.maintenance_client.indices.refresh(index=self.alias_name(schema))

    def count(self, schema):
        return response_body(self.client.count(index=self.alias_name(schema)))["count"]

    # Queries -----------------------------------------------------------------------------
    def _search(self, schema, body):
        """Run a search built from user input: a request the engine refuses (HTTP 400) means
        no results, whereas connection errors propagate so callers see the engine is down."""
        try:
            # Cached per shard until the next refresh, hits included: repeated searches (the
            # landing page's facets, popular words) are answered without being run again.
            response = self.client.search(index=self.alias_name(schema), body=body, request_cache=True)
            return response_body(response)
        except self.bad_request_error as error:
            logger.warning("%s refused a search on %s: %s", self.name, schema.name, error)
            return None

    def search(self, schema, query):
        body = page_queries.add_page_hits(dsl_queries.search_body(schema, query), schema, query)
        response = self._search(schema, body)
        if response is None:
            return SearchResults(total=0, hits=[], facets={name: [] for name in query.facets})
        return SearchResults(
            total=response["hits"]["total"]["value"],
            hits=[search_hit(hit, schema) for hit in response["hits"]["hits"]],
            facets={name: facet_counts(response["aggregations"], name) for name in query.facets},
        )

    def search_in_document(self, schema, document_id, text, limit=MAX_PAGES_IN_DOCUMENT):
        body = page_queries.document_pages_body(schema, document_id, clean_text(text), limit)
        response = self._search(schema, body) if body else None
        if not response or not response["hits"]["hits"]:
            return []
        return page_queries.page_hits(response["hits"]["hits"][0], schema)

    def more_like_this(self, schema, document_id, limit=5):
        body = dsl_queries.more_like_this_body(schema, self.alias_name(schema), str(document_id), limit)
        response = self._search(schema, body)
        return [hit["_id"] for hit in response["hits"]["hits"]] if response else []

    def suggest(self, schema, prefix, field="titre", limit=8):
        prefix = clean_text(prefix)
        if not prefix or limit <= 0:
            return []
        response = self._search(
            schema, dsl_queries.suggest_body(schema, field, prefix, limit * SUGGEST_CANDIDATES_PER_VALUE))
        if response is None:
            return []
        return distinct_values(response["hits"]["hits"], field)[:limit]

    def suggest_query(self, schema, text):
        typed = Typed(text)
        if not typed.correctable() or not mappings.spelling_source_fields(schema):
            return None
        # The engine-neutral corrector over the same field: it alone joins and splits words and
        # knows the thesaurus' aliases; the phrase suggester replaces word for word, with context.
        vocabulary = cluster_spelling.ClusterVocabulary(lambda body: self._search(schema, body),
                                                        alias_words(schema.synonyms))
        corrected = Corrector(vocabulary).correct(typed)
        candidates = [corrected] if corrected and reshaped(corrected) else []
        response = self._search(schema, cluster_spelling.phrase_suggest_body(typed.text, len(typed.words)))
        candidates += [items_from_words(typed, words) for words in cluster_spelling.proposals(response)]
        for items in filter(None, candidates):
            found = self._proposal_sources(schema, items)
            if found and found["hits"]["total"]["value"]:
                return self._written(schema, typed, items, found)
        # Else the corrector's proposal (the search service checks that it finds more).
        return self._written(schema, typed, corrected, self._proposal_sources(schema, corrected)) if corrected else None

    def _proposal_sources(self, schema, items):
        words = [word for item in items for word in item.folded.split()]
        return self._search(schema, cluster_spelling.sources_body(schema, words))

    @staticmethod
    def _written(schema, typed, items, found):
        aliases = [str(term) for group in schema.synonyms for term in group]
        return proposal_text(typed, items, cluster_spelling.source_texts(found) + aliases)


def chunked(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def search_hit(hit, schema):
    return SearchHit(id=hit["_id"], score=hit["_score"] or 0.0, highlights=hit.get("highlight", {}),
                     pages=page_queries.page_hits(hit, schema))


def facet_counts(aggregations, name):
    return [(bucket["key"], bucket["doc_count"]) for bucket in dsl_queries.facet_buckets(aggregations, name)]


def distinct_values(hits, field):
    values = {}
    for hit in hits:
        value = hit.get("_source", {}).get(field)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item:
                values.setdefault(item, None)
    return list(values)
