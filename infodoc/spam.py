"""Spam protection without a third-party service: a honeypot field and a per-address rate limit.

The limit is atomic and shared by every process: RATE_LIMIT submissions per address in each window of
RATE_WINDOW_SECONDS, counted by crpv_site.security.ratelimit in the shared cache (the database cache in
production, Redis when CACHE_URL names it): each submission takes a ticket with `cache.add`, so concurrent
submissions, on any number of workers, can never take more than RATE_LIMIT tickets.
"""
from crpv_site.security.ratelimit import Limiter, Rate, client_address

HONEYPOT_FIELD = "site_internet"
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 3600
LIMITER = Limiter("infodoc-envois", Rate(RATE_LIMIT, RATE_WINDOW_SECONDS))


def rate_limited(request):
    """The limit is reached for this address (a cheap early answer; `take_slot` is the atomic one)."""
    return not LIMITER.peek(client_address(request)).allowed


def take_slot(request):
    """Count one submission from this address; False, counting nothing, when the limit is reached."""
    return LIMITER.hit(client_address(request)).allowed
