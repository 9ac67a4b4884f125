import pytest

from search.engines.opensearch import OpenSearchEngine
from tests.services import require_env

pytestmark = pytest.mark.services

from tests.search.contract import EngineContract  # noqa: E402


class TestOpenSearchEngine(EngineContract):
    @pytest.fixture
    def engine(self):
        return OpenSearchEngine(url=require_env("OPENSEARCH_URL"), index_prefix="test")
