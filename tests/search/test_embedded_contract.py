import pytest

from search.engines.embedded import EmbeddedEngine
from tests.search.contract import EngineContract
from tests.search.relevance import RelevanceContract


class TestEmbeddedEngine(EngineContract, RelevanceContract):
    @pytest.fixture
    def engine(self, tmp_path):
        return EmbeddedEngine(path=tmp_path / "search.sqlite3", index_prefix="test")
