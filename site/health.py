"""GET /sante/: JSON status of the database, the search engine and file storage (503 when one is down)."""
import time
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from base_documentaire import indexing
from search.engines import get_engine


def _timed(probe):
    started = time.perf_counter()
    try:
        detail = probe()
    except Exception as error:  # a health check reports every failure instead of raising
        return _result(False, started, f"{type(error).__name__}: {error}")
    return _result(True, started, detail)


def _result(up, started, detail):
    latency = round((time.perf_counter() - started) * 1000, 2)
    return {"status": "up" if up else "down", "latency_ms": latency, "detail": str(detail)[:300]}


def check_database():
    def probe():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            connection.close()  # drop the broken connection so the next request reconnects
            raise
        return connection.vendor

    return _timed(probe)


def check_search():
    health = get_engine().ping()
    return {"status": "up" if health.up else "down", "latency_ms": health.latency_ms, "detail": health.detail[:300]}


def check_storage():
    def probe():
        name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        try:
            with default_storage.open(name) as handle:
                if handle.read() != b"ok":
                    raise OSError("read back differs from what was written")
        finally:
            default_storage.delete(name)
        return type(storages["default"]).__name__

    return _timed(probe)


CHECKS = {"database": check_database, "search": check_search, "storage": check_storage}


@never_cache
@require_GET
def health(request):
    checks = {name: check() for name, check in CHECKS.items()}
    healthy = all(check["status"] == "up" for check in checks.values())
    body = {"status": "up" if healthy else "down", "checks": checks, "index_backlog": index_backlog()}
    return JsonResponse(body, status=200 if healthy else 503)


def index_backlog():
    """Notice changes not yet accepted by the search engine (retried automatically);
    unknown (None) while the database itself does not answer."""
    try:
        pending, oldest_seconds = indexing.backlog()
    except DatabaseError:
        connection.close()
        return {"pending": None, "oldest_seconds": None}
    return {"pending": pending, "oldest_seconds": oldest_seconds}
