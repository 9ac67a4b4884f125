"""OpenSearch 2/3 engine, reached with opensearch-py."""
from opensearchpy import OpenSearch

from .base import SearchEngine


class OpenSearchEngine(SearchEngine):
    name = "opensearch"

    def __init__(self, url, timeout=5, **options):
        super().__init__(**options)
        self.url = url
        self.client = self.build_client(url, timeout)

    @staticmethod
    def build_client(url, timeout):
        return OpenSearch(hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False)

    def _cluster_health(self):
        return self.client.cluster.health(request_timeout=2)

    def _probe(self):
        health = self._cluster_health()
        if health["status"] == "red":
            raise RuntimeError("cluster status red")
        return f"{self.name} {health['cluster_name']} ({health['status']})"
