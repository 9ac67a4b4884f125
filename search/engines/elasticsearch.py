"""Elasticsearch 8/9 engine: the OpenSearch engine's behaviour with the elasticsearch client."""
from elasticsearch import Elasticsearch

from .opensearch import OpenSearchEngine


class ElasticsearchEngine(OpenSearchEngine):
    name = "elasticsearch"

    @staticmethod
    def build_client(url, timeout):
        return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)

    def _cluster_health(self):
        return self.client.options(request_timeout=2).cluster.health()
