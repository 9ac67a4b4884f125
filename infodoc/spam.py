"""Spam protection without a third-party service: a honeypot field and a per-address rate limit.

The limit is atomic: each address has RATE_LIMIT slots in the cache, and a submission takes one
with `cache.add` (atomic on every cache backend: a lock in memory, a unique row in the database
cache, SET NX on Redis), so two concurrent submissions can never both take the last slot. A slot
frees itself RATE_WINDOW_SECONDS after it was taken.
"""
from django.core.cache import cache

HONEYPOT_FIELD = "site_internet"
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 3600


def client_address(request):
    """The connecting address (behind a reverse proxy, configure it to set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "")


def _slot_keys(request):
    address = client_address(request)
    return [f"infodoc:envois:{address}:{slot}" for slot in range(RATE_LIMIT)]


def rate_limited(request):
    """Every slot of this address is taken (a cheap early answer; `take_slot` is the atomic one)."""
    keys = _slot_keys(request)
    return len(cache.get_many(keys)) >= len(keys)


def take_slot(request):
    """Count one submission from this address; False, counting nothing, when the limit is reached."""
    return any(cache.add(key, 1, RATE_WINDOW_SECONDS) for key in _slot_keys(request))
