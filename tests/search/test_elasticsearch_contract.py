"""The engine contract and relevance set against a real Elasticsearch 9 node, when one is given.

scripts/test.sh starts no Elasticsearch: set ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200)
to run these tests; without it they are skipped, visibly.
"""
import os

import pytest

from search.engines.elasticsearch import ElasticsearchEngine
from tests.search.contract import EngineContract
from tests.search.relevance import RelevanceContract

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")

pytestmark = pytest.mark.skipif(
    not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL is not set: no Elasticsearch node to run the contract against"
)


class TestElasticsearchEngine(EngineContract, RelevanceContract):
    @pytest.fixture
    def engine(self):
        return ElasticsearchEngine(url=ELASTICSEARCH_URL, index_prefix="test")
