"""Access to the real services started by scripts/test.sh (PostgreSQL, OpenSearch, Elasticsearch,
MinIO, Chromium).

The script starts each service with scripts/services/<name>.sh, exports their addresses
(DATABASE_URL, OPENSEARCH_URL, ELASTICSEARCH_URL, AWS_*, CHROMIUM_PATH) and the folder holding their state
(CRPV_SERVICES_DIR). A test marked ``services`` fails, never skips, when they are missing.
"""
import os
import subprocess
from pathlib import Path

import pytest

from crpv_site.settings.storage import S3_BACKEND, s3_options  # noqa: F401 (re-exported for tests)
from search.settings import ELASTICSEARCH, OPENSEARCH, cluster_engine, page_backend

ROOT = Path(__file__).resolve().parents[1]
SERVICES_SCRIPTS = ROOT / "scripts" / "services"


def require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the suite with scripts/test.sh, which starts the real services.")
    return value


def services_dir():
    return Path(require_env("CRPV_SERVICES_DIR"))


def service(action, name):
    """Start or stop one service through its script, on the same port and data as before."""
    result = subprocess.run(
        [str(SERVICES_SCRIPTS / f"{name}.sh"), action, str(services_dir())],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=300,
    )
    if result.returncode:
        pytest.fail(f"{name}.sh {action} failed:\n{result.stderr[-3000:]}")


# The real search engines the suite runs on, beside the embedded one: name -> (backend, its URL variable).
CLUSTER_ENGINES = {"opensearch": (OPENSEARCH, "OPENSEARCH_URL"), "elasticsearch": (ELASTICSEARCH, "ELASTICSEARCH_URL")}
ENGINE_NAMES = ("embedded", *CLUSTER_ENGINES)


def engine_setting(name, prefix="test"):
    """CRPV_SEARCH_ENGINE for the real engine ``name`` ("opensearch" or "elasticsearch")."""
    backend, variable = CLUSTER_ENGINES[name]
    return cluster_engine(backend, require_env(variable), prefix, timeout=5)


def use_engine(settings, name, prefix="test"):
    """Point notices and Wagtail's page search at engine ``name``, as production settings do."""
    if name != "embedded":
        settings.CRPV_SEARCH_ENGINE = engine_setting(name, prefix)
    settings.WAGTAILSEARCH_BACKENDS = {"default": page_backend(settings.CRPV_SEARCH_ENGINE)}
    reset_page_index()
    return settings.CRPV_SEARCH_ENGINE


def engine_params(*names):
    """pytest params, one per engine: the real ones marked ``services``."""
    names = names or ENGINE_NAMES
    return [pytest.param(name, marks=pytest.mark.services) if name in CLUSTER_ENGINES else name for name in names]


def s3_storages_setting():
    require_env("AWS_S3_ENDPOINT_URL")
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": s3_options()},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def ensure_bucket():
    """Create the test bucket in MinIO (idempotent) and return a boto3 client on it."""
    import boto3

    options = s3_options()
    client = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"] or "us-east-1",
    )
    existing = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
    if options["bucket_name"] not in existing:
        client.create_bucket(Bucket=options["bucket_name"])
    return client


def cluster_engine_instance(name, prefix="test", **options):
    """A fresh engine object on the real engine ``name``, outside the settings."""
    from django.utils.module_loading import import_string

    setting = engine_setting(name, prefix)
    return import_string(setting["BACKEND"])(url=setting["URL"], index_prefix=prefix, **options)


def _page_cluster():
    """(client, index prefix) of Wagtail's page search when it runs on a cluster, else (None, None)."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    return getattr(backend, "es", None), getattr(backend, "index_prefix", None)


def reset_page_index():
    """Delete Wagtail's page indices of the current cluster: the next page saved recreates them.
    Cluster indices outlive each test's rolled-back database."""
    client, prefix = _page_cluster()
    if client is not None:
        existing = client.indices.get(index=f"{prefix}*", allow_no_indices=True)
        names = list(getattr(existing, "body", existing))
        if names:
            client.indices.delete(index=",".join(names))


def refresh_page_index():
    """Make the pages saved so far searchable now (a cluster shows writes within a second)."""
    client, prefix = _page_cluster()
    if client is not None:
        client.indices.refresh(index=f"{prefix}*", allow_no_indices=True)
