"""Choose the search engine from the environment; called by site/settings/base.py.

OPENSEARCH_URL selects OpenSearch, ELASTICSEARCH_URL selects Elasticsearch, otherwise the
embedded engine runs inside the process on a SQLite FTS5 file. Wagtail's own search (pages,
the admin) follows the same choice, through search/wagtail_backends/, so that pages and
notices live in the same engine with the same French analysis.

A secured cluster is reached with SEARCH_API_KEY (Elasticsearch) or SEARCH_USERNAME and
SEARCH_PASSWORD, and SEARCH_CA_CERTS when its certificate is signed by the cluster's own CA.
"""
import os

from django.core.exceptions import ImproperlyConfigured

EMBEDDED = "search.engines.embedded.EmbeddedEngine"
OPENSEARCH = "search.engines.opensearch.OpenSearchEngine"
ELASTICSEARCH = "search.engines.elasticsearch.ElasticsearchEngine"

PAGE_BACKENDS = {
    EMBEDDED: "search.wagtail_backends.database",
    OPENSEARCH: "search.wagtail_backends.opensearch",
    ELASTICSEARCH: "search.wagtail_backends.elasticsearch",
}


def search_settings(var_dir):
    """(CRPV_SEARCH_ENGINE, WAGTAILSEARCH_BACKENDS) for this environment."""
    prefix = os.environ.get("SEARCH_INDEX_PREFIX", "crpv")
    timeout = float(os.environ.get("SEARCH_TIMEOUT", "5"))
    if os.environ.get("OPENSEARCH_URL"):
        engine = cluster_engine(OPENSEARCH, os.environ["OPENSEARCH_URL"], prefix, timeout, cluster_credentials())
    elif os.environ.get("ELASTICSEARCH_URL"):
        engine = cluster_engine(ELASTICSEARCH, os.environ["ELASTICSEARCH_URL"], prefix, timeout, cluster_credentials())
    else:
        path = os.environ.get("SEARCH_EMBEDDED_PATH", str(var_dir / "search.sqlite3"))
        engine = {"BACKEND": EMBEDDED, "PATH": path, "INDEX_PREFIX": prefix}
    return engine, {"default": page_backend(engine)}


def cluster_credentials():
    """Authentication options of a secured cluster, from the environment (empty ones left out)."""
    values = {
        "API_KEY": os.environ.get("SEARCH_API_KEY"),
        "USERNAME": os.environ.get("SEARCH_USERNAME"),
        "PASSWORD": os.environ.get("SEARCH_PASSWORD"),
        "CA_CERTS": os.environ.get("SEARCH_CA_CERTS"),
    }
    return {key: value for key, value in values.items() if value}


def cluster_engine(backend, url, prefix="crpv", timeout=5, credentials=None):
    return {"BACKEND": backend, "URL": url, "INDEX_PREFIX": prefix, "TIMEOUT": timeout, **(credentials or {})}


def page_backend(engine):
    """WAGTAILSEARCH_BACKENDS["default"] matching the documentary engine ``engine``."""
    backend = PAGE_BACKENDS[engine["BACKEND"]]
    if engine["BACKEND"] == EMBEDDED:
        return {"BACKEND": backend}
    credentials = {key: engine[key] for key in ("API_KEY", "USERNAME", "PASSWORD", "CA_CERTS") if key in engine}
    return {
        "BACKEND": backend,
        "URLS": [engine["URL"]],
        "INDEX_PREFIX": f"{engine['INDEX_PREFIX']}-pages-",
        "TIMEOUT": engine.get("TIMEOUT", 5),
        "OPTIONS": client_options(engine["BACKEND"], **{key.lower(): value for key, value in credentials.items()}),
    }


def client_options(backend, api_key=None, username=None, password=None, ca_certs=None):
    """Keyword arguments of the cluster's Python client for these credentials."""
    options = {}
    if ca_certs:
        options.update(ca_certs=ca_certs, verify_certs=True)
    if backend == ELASTICSEARCH:
        if api_key:
            options["api_key"] = api_key
        elif username:
            options["basic_auth"] = (username, password or "")
    elif api_key:
        raise ImproperlyConfigured("SEARCH_API_KEY is for Elasticsearch: give OpenSearch SEARCH_USERNAME and SEARCH_PASSWORD.")
    elif username:
        options["http_auth"] = (username, password or "")
    return options
