"""Requests per partner token, counted atomically in the shared cache (crpv_site.security.ratelimit).

The rate is the setting PARTNER_API_THROTTLE_RATE ("300/minute" by default, read at each request so that it
can change without a restart), in DRF's notation: a number, "/", then second, minute, hour or day ("5/15m"
works too). An empty rate turns throttling off. Refused requests get a 429 with Retry-After (errors.handle).

DRF's own SimpleRateThrottle reads the token's history, appends and writes it back: concurrent requests all
read the same history and all pass. Here each request takes a ticket with an atomic `cache.add`, so N
concurrent requests over the limit are refused, whatever the number of processes.
"""
from django.conf import settings
from rest_framework.throttling import BaseThrottle

from crpv_site.security.ratelimit import Limiter, Rate

DEFAULT_RATE = "300/minute"


class JetonRateThrottle(BaseThrottle):
    scope = "partner_api"

    def __init__(self):
        self.retry_after = None

    def allow_request(self, request, view):
        rate = Rate.parse(getattr(settings, "PARTNER_API_THROTTLE_RATE", DEFAULT_RATE))
        jeton = request.auth
        if rate is None or jeton is None:  # no limit, or not authenticated: refused before, never counted
            return True
        decision = Limiter(self.scope, rate).hit(jeton.key_hash)
        self.retry_after = decision.retry_after
        return decision.allowed

    def wait(self):
        return self.retry_after
