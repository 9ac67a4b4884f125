"""Access to the real services started by scripts/test.sh (PostgreSQL, OpenSearch, MinIO, Chromium).

The script starts each service with scripts/services/<name>.sh, exports their addresses
(DATABASE_URL, OPENSEARCH_URL, AWS_*, CHROMIUM_PATH) and the folder holding their state
(CRPV_SERVICES_DIR). A test marked ``services`` fails, never skips, when they are missing.
"""
import os
import subprocess
from pathlib import Path

import pytest

from crpv_site.settings.storage import S3_BACKEND, s3_options  # noqa: F401 (re-exported for tests)
from search.settings import OPENSEARCH

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


def opensearch_engine_setting(prefix="test"):
    return {"BACKEND": OPENSEARCH, "URL": require_env("OPENSEARCH_URL"), "INDEX_PREFIX": prefix, "TIMEOUT": 5}


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
