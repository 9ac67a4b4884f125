"""The cache every process shares: request limits, login lockout (crpv_site.security) and Django's caches.

Production default: the database cache (the table `crpv_cache`, made by `manage.py createcachetable`, which
scripts/run.sh and the production stack run after `migrate`): shared by every gunicorn worker and the task
worker with no extra service. `CACHE_URL=redis://host:6379/0` (or `rediss://`) moves it to Redis.
Development and the test suite keep one process's memory unless CACHE_URL says otherwise.
"""
from django.core.exceptions import ImproperlyConfigured

from .env import env

DATABASE_CACHE_TABLE = "crpv_cache"
# Past MAX_ENTRIES rows the database cache deletes its expired rows (then a third of the others, by key); until
# then expired rows stay, so the table holds about MAX_ENTRIES rows and the COUNT(*) Django's database cache
# runs before each write costs with it (measured on PostgreSQL: a ticket 7 ms with 550 rows, 15 ms with 20,000).
# Far above the live rows the limits keep (one a request counted, for its window: 300 a minute for a busy
# partner key), low enough for that count to stay cheap.
DATABASE_CACHE_MAX_ENTRIES = int(env("CACHE_MAX_ENTRIES", "10000"))
# The page cache's own table: whole pages (30-60 KB each), culled past PAGE_CACHE_MAX_ENTRIES.
PAGE_CACHE_TABLE = "crpv_page_cache"
PAGE_CACHE_MAX_ENTRIES = int(env("PAGE_CACHE_MAX_ENTRIES", "5000"))
LOCAL_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
DATABASE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": DATABASE_CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": DATABASE_CACHE_MAX_ENTRIES}}


def caches_setting(url, default):
    """CACHES for CACHE_URL: `redis://…`/`rediss://…`, `db` (the database cache), `locmem`, or empty: default."""
    url = (url or "").strip()
    if not url:
        backend = default
    elif url.startswith(("redis://", "rediss://", "unix://")):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif url in {"db", "database"}:
        backend = DATABASE
    elif url == "locmem":
        backend = LOCAL_MEMORY
    else:
        raise ImproperlyConfigured(f"CACHE_URL must be redis://…, rediss://…, db or locmem, not {url!r}.")
    return {"default": backend, "pages": pages_cache(backend)}


def pages_cache(backend):
    """The anonymous pages' and fragments' cache (crpv_site.page_cache): the same store as `default`, apart from
    the counters (its own table on the database cache, PAGE_CACHE_MAX_ENTRIES rows: pages are large; its own key
    prefix on Redis; its own memory on locmem)."""
    if backend["BACKEND"] == DATABASE["BACKEND"]:
        return {**backend, "LOCATION": PAGE_CACHE_TABLE, "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES}}
    if backend["BACKEND"] == LOCAL_MEMORY["BACKEND"]:
        return {**backend, "LOCATION": "pages"}
    return {**backend, "KEY_PREFIX": "pages"}
