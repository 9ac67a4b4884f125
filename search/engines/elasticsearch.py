"""Elasticsearch 8/9 engine: the OpenSearch engine's behaviour with the elasticsearch client.

Both clients take the same plain bodies (built in mappings.py and dsl_queries.py); only the
client, its bulk helper, its "request refused" error and per-call options differ. The 8.x
client talks to Elasticsearch 8 and 9 servers alike (a 9.x client refuses 8.x servers).
"""
from elasticsearch import BadRequestError, Elasticsearch, helpers

from ..settings import ELASTICSEARCH
from .opensearch import OpenSearchEngine, response_body


class ElasticsearchEngine(OpenSearchEngine):
    name = "elasticsearch"
    product = "Elasticsearch"
    backend = ELASTICSEARCH
    bad_request_error = BadRequestError
    bulk_helper = staticmethod(helpers.bulk)

    @staticmethod
    def build_client(url, timeout, credentials):
        return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False, **credentials)

    def _cluster_health(self):
        return self.client.options(request_timeout=2).cluster.health()

    def _server_version(self):
        return response_body(self.client.options(request_timeout=2).info())["version"]["number"]
