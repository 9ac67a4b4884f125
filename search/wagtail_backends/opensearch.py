"""Wagtail's OpenSearch backend for opensearch-py 3 (keyword-only client calls), in French."""
from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from .clusters import french_backend


class OpenSearchBackend(OpenSearch3SearchBackend):
    def _get_host_config_from_url(self, url):
        host = super()._get_host_config_from_url(url)
        if host["http_auth"] is None:  # a host's None would hide the credentials given in OPTIONS
            del host["http_auth"]
        return host


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    return french_backend(OpenSearchBackend, params)
