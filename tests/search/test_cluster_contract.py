"""The engine contract and the French relevance set on each real engine: OpenSearch and Elasticsearch."""
import pytest

from tests import services
from tests.search.contract import EngineContract
from tests.search.relevance import RelevanceContract

pytestmark = pytest.mark.services


class TestClusterEngine(EngineContract, RelevanceContract):
    @pytest.fixture(params=list(services.CLUSTER_ENGINES))
    def engine(self, request):
        return services.cluster_engine_instance(request.param)
