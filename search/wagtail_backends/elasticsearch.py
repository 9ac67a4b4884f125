"""Wagtail's Elasticsearch backend for the 8.x client (Elasticsearch 8 and 9 servers), in French."""
from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend

from .clusters import french_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    return french_backend(Elasticsearch8SearchBackend, params)
