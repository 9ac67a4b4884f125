"""The content generation: one token, in the shared cache, that changes whenever what the public sees may change.

Every cached copy of public content (whole anonymous pages: crpv_site.page_cache; fragments; the similar notices
of a notice) is stored with, or under, the generation it was built in, and is used only while the generation is
still the same: bumping it (`bump()`, a new random token) invalidates all of them at once, in every process, with
no list of keys to delete. crpv_site.page_cache bumps it on every save or delete of public content (pages, notices,
snippets, site settings, vocabularies) once the transaction commits, and base_documentaire.indexing after
each index update. The deploy's fingerprint (the static files' manifest, PAGE_CACHE_VERSION) is part of every key:
a new deploy starts from empty keys.

Nothing here imports an app: any app may use it.
"""
import hashlib
import uuid
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction

GENERATION_KEY = "content-generation"
MANIFEST = "staticfiles.json"


def cache_alias():
    return "pages" if "pages" in settings.CACHES else "default"


def shared_cache():
    """The cache the generation and the cached copies live in (CACHES["pages"], else the default)."""
    return caches[cache_alias()]


def new_token():
    return uuid.uuid4().hex[:16]


def generation(cache=None):
    """The current generation (created on first use, and again if the cache lost it: everything is then stale)."""
    cache = cache or shared_cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, new_token(), None)
        token = cache.get(GENERATION_KEY)
    return token


def bump():
    """A new generation: every copy built before is stale from now on, in every process."""
    shared_cache().set(GENERATION_KEY, new_token(), None)


def bump_on_commit(using=None):
    """Bump once the current transaction commits (at once outside one): copies built meanwhile saw the old rows.
    One bump per transaction, however many rows it saves (an import saves thousands)."""
    conn = transaction.get_connection(using) if using else connection
    if conn.in_atomic_block and any(entry[1] is bump for entry in conn.run_on_commit):
        return
    transaction.on_commit(bump, using=using)


@lru_cache(maxsize=1)
def deploy_fingerprint():
    """What changes with each deploy: the static files' manifest (collectstatic) and PAGE_CACHE_VERSION."""
    digest = hashlib.sha256(str(getattr(settings, "PAGE_CACHE_VERSION", "")).encode())
    manifest = Path(settings.STATIC_ROOT or ".") / MANIFEST
    try:
        digest.update(manifest.read_bytes())
    except OSError:
        pass
    return digest.hexdigest()[:12]


def generation_key(*parts, token=None):
    """A cache key valid for the current generation only (the generation read once if `token` is not given)."""
    token = token or generation()
    return ":".join(["gen", deploy_fingerprint(), token, *(str(part) for part in parts)])


def remember(name, build, *parts, timeout=None):
    """`build()`'s value, cached for the current generation under (name, *parts), at most `timeout` seconds
    (PAGE_CACHE_FRAGMENT_SECONDS by default)."""
    cache = shared_cache()
    key = generation_key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        timeout = timeout if timeout is not None else getattr(settings, "PAGE_CACHE_FRAGMENT_SECONDS", 3600)
        cache.set(key, value, timeout)
    return value
