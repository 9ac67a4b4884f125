"""Wagtail's OpenSearch backend for opensearch-py 3 (keyword-only client calls), in French."""
from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from .clusters import french_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    return french_backend(OpenSearch3SearchBackend, params)
