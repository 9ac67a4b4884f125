"""What the product needs from a search engine.

Issue by issue this interface grows (indexing, queries with facets and highlights,
suggestions); each engine module implements all of it and the contract tests in
tests/search/ run against every engine present.
"""
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Health:
    up: bool
    latency_ms: float
    detail: str = ""


class SearchEngine:
    name = "base"

    def __init__(self, index_prefix="crpv", **options):
        self.index_prefix = index_prefix

    def ping(self):
        """Answer whether the engine can serve queries right now, never raising."""
        started = time.perf_counter()
        try:
            detail = self._probe()
        except Exception as error:  # any failure of the engine means "down"
            return Health(False, _elapsed_ms(started), f"{type(error).__name__}: {error}")
        return Health(True, _elapsed_ms(started), detail)

    def _probe(self):
        """Raise when the engine is unusable; return a short description otherwise."""
        raise NotImplementedError


def _elapsed_ms(started):
    return round((time.perf_counter() - started) * 1000, 2)
