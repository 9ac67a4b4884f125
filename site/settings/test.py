"""Test suite: DATABASE_URL (PostgreSQL in the full run) or SQLite, fast hashing, mails to Mailpit (or memory)."""
import atexit
import shutil
import tempfile
from pathlib import Path

from search.settings import EMBEDDED, page_backend

from .base import *  # noqa: F401,F403
from .env import env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# E-mail goes to the SMTP server the environment names (scripts/test.sh exports Mailpit's EMAIL_*); without one
# (quick runs), to memory: nothing ever tries to reach an SMTP server that is not there. pytest-django puts the
# locmem backend back for every test anyway; the `mailpit` fixture (tests/conftest.py) switches a test to SMTP.
EMAIL_BACKEND = (env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend") if env("EMAIL_HOST", "")
                 else "django.core.mail.backends.locmem.EmailBackend")
EMAIL_TIMEOUT = 10

# Defaults are the embedded engine and local files, whatever services run: tests that
# exercise OpenSearch or S3 switch to them explicitly (tests/services.py).
TEST_VAR_DIR = Path(tempfile.mkdtemp(prefix="crpv-test-"))
atexit.register(shutil.rmtree, TEST_VAR_DIR, ignore_errors=True)
MEDIA_ROOT = TEST_VAR_DIR / "media"
STATIC_ROOT = TEST_VAR_DIR / "static"
STATIC_ROOT.mkdir()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(MEDIA_ROOT)}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CRPV_SEARCH_ENGINE = {"BACKEND": EMBEDDED, "PATH": str(TEST_VAR_DIR / "search.sqlite3"), "INDEX_PREFIX": "test"}
# Pages follow the documentary engine exactly as in production (tests/services.py switches both).
WAGTAILSEARCH_BACKENDS = {"default": page_backend(CRPV_SEARCH_ENGINE)}
