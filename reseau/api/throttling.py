"""Requests per partner token, counted in the default cache (shared by the processes in production).

The rate is the setting PARTNER_API_THROTTLE_RATE ("300/minute" by default, read at each request so
that it can change without a restart of the class), in DRF's notation: a number, "/", then second,
minute, hour or day. An empty rate turns throttling off. Refused requests get a 429 with
Retry-After (errors.handle).
"""
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

DEFAULT_RATE = "300/minute"


class JetonRateThrottle(SimpleRateThrottle):
    scope = "partner_api"

    def __init__(self):  # the rate is read per request, not from DRF's class-level settings
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return getattr(settings, "PARTNER_API_THROTTLE_RATE", DEFAULT_RATE) or None

    def get_cache_key(self, request, view):
        jeton = request.auth
        if jeton is None:  # not authenticated: refused before, never counted
            return None
        return self.cache_format % {"scope": self.scope, "ident": jeton.key_hash}
