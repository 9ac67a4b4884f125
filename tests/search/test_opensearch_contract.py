import pytest

from search.engines.opensearch import OpenSearchEngine
from tests.search.contract import EngineContract
from tests.search.relevance import RelevanceContract
from tests.services import require_env

pytestmark = pytest.mark.services


class TestOpenSearchEngine(EngineContract, RelevanceContract):
    @pytest.fixture
    def engine(self):
        return OpenSearchEngine(url=require_env("OPENSEARCH_URL"), index_prefix="test")
