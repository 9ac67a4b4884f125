"""Spam protection without a third-party service: a honeypot field and a per-address rate limit."""
from django.core.cache import cache

HONEYPOT_FIELD = "site_internet"
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 3600


def client_address(request):
    """The connecting address (behind a reverse proxy, configure it to set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "")


def _key(request):
    return f"infodoc:envois:{client_address(request)}"


def rate_limited(request):
    return cache.get(_key(request), 0) >= RATE_LIMIT


def count_submission(request):
    """Count one submission from this address; the window starts at the first one."""
    key = _key(request)
    if not cache.add(key, 1, RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, RATE_WINDOW_SECONDS)
