"""A secured cluster: the credentials of the environment reach both our engines and Wagtail's
backends, and go over HTTP as the cluster expects them (a local server records the headers)."""
import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from search.settings import ELASTICSEARCH, OPENSEARCH, search_settings

INFO = {"name": "n", "cluster_name": "secured", "cluster_uuid": "u", "tagline": "You Know, for Search",
        "version": {"number": "8.19.21", "build_flavor": "default", "lucene_version": "9.12.2",
                    "minimum_wire_compatibility_version": "7.17.0", "minimum_index_compatibility_version": "7.0.0"}}
HEALTH = {"cluster_name": "secured", "status": "green"}


class RecordingCluster(BaseHTTPRequestHandler):
    """Answers / and /_cluster/health like a cluster, and remembers each request's Authorization."""

    seen = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.seen.append(self.headers.get("Authorization"))
        body = json.dumps(HEALTH if self.path.startswith("/_cluster/health") else INFO).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def cluster():
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingCluster)
    RecordingCluster.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", RecordingCluster.seen
    server.shutdown()


def settings_for(monkeypatch, tmp_path, **environment):
    for name in ("OPENSEARCH_URL", "ELASTICSEARCH_URL", "SEARCH_API_KEY", "SEARCH_USERNAME", "SEARCH_PASSWORD",
                 "SEARCH_CA_CERTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return search_settings(tmp_path)


def engine_from(setting):
    options = {key.lower(): value for key, value in setting.items() if key != "BACKEND"}
    return import_string(setting["BACKEND"])(**options)


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_elasticsearch_api_key_is_sent_by_the_engine(monkeypatch, tmp_path, cluster):
    url, seen = cluster
    engine_setting, _pages = settings_for(monkeypatch, tmp_path, ELASTICSEARCH_URL=url, SEARCH_API_KEY="aWQ6a2V5")
    health = engine_from(engine_setting).ping()
    assert health.up and health.detail == "Elasticsearch 8.19.21, cluster secured (green)"
    assert seen and set(seen) == {"ApiKey aWQ6a2V5"}


@pytest.mark.parametrize("variable, backend", [("ELASTICSEARCH_URL", ELASTICSEARCH), ("OPENSEARCH_URL", OPENSEARCH)])
def test_user_and_password_are_sent_by_the_engine(monkeypatch, tmp_path, cluster, variable, backend):
    url, seen = cluster
    engine_setting, _pages = settings_for(monkeypatch, tmp_path, **{variable: url},
                                          SEARCH_USERNAME="crpv", SEARCH_PASSWORD="s3cret")
    assert engine_setting["BACKEND"] == backend
    assert engine_from(engine_setting).ping().up
    assert seen and set(seen) == {basic("crpv", "s3cret")}


@pytest.mark.parametrize("variable, environment, expected", [
    ("ELASTICSEARCH_URL", {"SEARCH_API_KEY": "aWQ6a2V5"}, "ApiKey aWQ6a2V5"),
    ("ELASTICSEARCH_URL", {"SEARCH_USERNAME": "crpv", "SEARCH_PASSWORD": "s3cret"}, basic("crpv", "s3cret")),
    ("OPENSEARCH_URL", {"SEARCH_USERNAME": "crpv", "SEARCH_PASSWORD": "s3cret"}, basic("crpv", "s3cret")),
])
def test_wagtail_page_backend_sends_the_same_credentials(monkeypatch, tmp_path, cluster, variable, environment,
                                                         expected):
    url, seen = cluster
    _engine, pages = settings_for(monkeypatch, tmp_path, **{variable: url}, **environment)
    params = dict(pages["default"])
    backend = import_string(params.pop("BACKEND") + ".SearchBackend")(params)
    backend.es.cluster.health()
    assert seen == [expected]


def test_ca_certificate_is_given_to_both_clients(monkeypatch, tmp_path):
    ca = tmp_path / "ca.pem"
    engine_setting, pages = settings_for(monkeypatch, tmp_path, ELASTICSEARCH_URL="https://es.example.org:9200",
                                         SEARCH_CA_CERTS=str(ca))
    assert engine_setting["CA_CERTS"] == str(ca)
    assert pages["default"]["OPTIONS"] == {"ca_certs": str(ca), "verify_certs": True}


def test_an_api_key_for_opensearch_is_refused_clearly(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SEARCH_API_KEY is for Elasticsearch"):
        settings_for(monkeypatch, tmp_path, OPENSEARCH_URL="https://os.example.org:9200", SEARCH_API_KEY="x")


def test_without_a_cluster_url_pages_use_the_french_database_backend(monkeypatch, tmp_path):
    engine_setting, pages = settings_for(monkeypatch, tmp_path)
    assert engine_setting["BACKEND"].endswith("EmbeddedEngine")
    assert pages == {"default": {"BACKEND": "search.wagtail_backends.database"}}
