"""Choose the search engine from the environment; called by site/settings/base.py.

OPENSEARCH_URL selects OpenSearch, ELASTICSEARCH_URL selects Elasticsearch, otherwise the
embedded engine runs inside the process on a SQLite FTS5 file. Wagtail's own page search
follows the same choice so that pages and notices live in the same engine.
"""
import os

EMBEDDED = "search.engines.embedded.EmbeddedEngine"
OPENSEARCH = "search.engines.opensearch.OpenSearchEngine"
ELASTICSEARCH = "search.engines.elasticsearch.ElasticsearchEngine"


def search_settings(var_dir):
    prefix = os.environ.get("SEARCH_INDEX_PREFIX", "crpv")
    timeout = float(os.environ.get("SEARCH_TIMEOUT", "5"))
    if os.environ.get("OPENSEARCH_URL"):
        url = os.environ["OPENSEARCH_URL"]
        engine = {"BACKEND": OPENSEARCH, "URL": url, "INDEX_PREFIX": prefix, "TIMEOUT": timeout}
        pages = {"BACKEND": "wagtail.search.backends.opensearch2", "URLS": [url], "INDEX_PREFIX": f"{prefix}-pages-"}
    elif os.environ.get("ELASTICSEARCH_URL"):
        url = os.environ["ELASTICSEARCH_URL"]
        engine = {"BACKEND": ELASTICSEARCH, "URL": url, "INDEX_PREFIX": prefix, "TIMEOUT": timeout}
        pages = {"BACKEND": "wagtail.search.backends.elasticsearch9", "URLS": [url], "INDEX_PREFIX": f"{prefix}-pages-"}
    else:
        path = os.environ.get("SEARCH_EMBEDDED_PATH", str(var_dir / "search.sqlite3"))
        engine = {"BACKEND": EMBEDDED, "PATH": path, "INDEX_PREFIX": prefix}
        pages = {"BACKEND": "wagtail.search.backends.database"}
    return engine, {"default": pages}
