"""Production settings pass Django's deployment checklist with the documented variables."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "crpv_site.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-that-is-not-in-the-code-0123456789",
    "ALLOWED_HOSTS": "crpv.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://crpv.example.org",
    "DATABASE_URL": "postgres://crpv:secret@db.example.org:5432/crpv",
    "OPENSEARCH_URL": "https://search.example.org:9200",
    "AWS_STORAGE_BUCKET_NAME": "crpv-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
}


def _manage(*args, **extra_env):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "OPENSEARCH_", "DATABASE_", "DJANGO_"))}
    env.update(PRODUCTION_ENV, **extra_env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
