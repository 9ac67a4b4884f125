"""Elasticsearch 8/9 engine: the OpenSearch engine's behaviour with the elasticsearch client.

Both clients take the same plain bodies (built in mappings.py and dsl_queries.py); only the
client, its bulk helper, its "request refused" error and per-call options differ.
"""
from elasticsearch import BadRequestError, Elasticsearch, helpers

from .opensearch import OpenSearchEngine


class ElasticsearchEngine(OpenSearchEngine):
    name = "elasticsearch"
    bad_request_error = BadRequestError
    bulk_helper = staticmethod(helpers.bulk)

    @staticmethod
    def build_client(url, timeout):
        return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)

    def _cluster_health(self):
        return self.client.options(request_timeout=2).cluster.health()
