"""GET /sante/ reports each component with its latency, and 503 as soon as one is down."""
import pytest
from django.db import connection

from tests import services


def _health(client):
    response = client.get("/sante/")
    return response.status_code, response.json()


def test_health_reports_embedded_defaults_up(client, db):
    status, body = _health(client)
    assert status == 200 and body["status"] == "up"
    assert body["checks"]["search"]["detail"].startswith("embedded (SQLite 3.")
    assert body["checks"]["storage"]["detail"] == "FileSystemStorage"
    assert all(check["latency_ms"] >= 0 for check in body["checks"].values())


def test_health_reports_search_engine_down(client, db, settings):
    settings.CRPV_SEARCH_ENGINE = {
        "BACKEND": "search.engines.opensearch.OpenSearchEngine", "URL": "http://127.0.0.1:9", "INDEX_PREFIX": "x",
    }
    status, body = _health(client)
    assert status == 503 and body["status"] == "down"
    assert body["checks"]["search"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "up"


@pytest.mark.services
@pytest.mark.parametrize("engine, product", [("opensearch", "OpenSearch 2."), ("elasticsearch", "Elasticsearch 8.")])
def test_health_reports_real_services_up(client, db, real_services, engine, product):
    services.use_engine(real_services, engine)
    status, body = _health(client)
    assert status == 200, body
    assert connection.vendor == "postgresql"
    assert body["checks"]["database"]["detail"] == "postgresql"
    assert body["checks"]["search"]["detail"].startswith(product)
    assert body["checks"]["storage"]["detail"] == "FilesS3Storage"


@pytest.mark.services
# PostgreSQL is stopped mid-test, so no transaction may stay open; the rollback restores
# the rows migrations created (Wagtail's root page), which a transactional test flushes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name, check", [
    ("postgres", "database"), ("opensearch", "search"), ("elasticsearch", "search"), ("minio", "storage")])
def test_health_reports_a_stopped_service_down_then_up_again(client, real_services, name, check):
    if name in services.CLUSTER_ENGINES:
        services.use_engine(real_services, name)
    assert _health(client)[0] == 200
    services.service("stop", name)
    try:
        status, body = _health(client)
        assert status == 503 and body["status"] == "down"
        assert body["checks"][check]["status"] == "down"
        others = {key: value["status"] for key, value in body["checks"].items() if key != check}
        assert set(others.values()) == {"up"}, others
    finally:
        services.service("start", name)
        connection.close()
    status, body = _health(client)
    assert status == 200, body
