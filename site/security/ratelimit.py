"""Atomic request counters on the default cache: "at most N per window", shared by every process.

A window is fixed (the current minute, quarter of an hour, hour…); each request in it takes a numbered
ticket, `cache.add(ticket_key)`, which is atomic on every Django cache backend — a lock in local memory, a
unique primary key in the database cache (a concurrent INSERT of the same key fails), SET NX on Redis,
memcached's add. A request that finds no free ticket below N is refused, so N concurrent requests can never
be joined by an N+1th, and no lock is held (DRF's throttle reads a list, appends and writes it back:
concurrent requests all pass; allauth's locks the list with `cache.add` and refuses whoever finds it locked).
`cache.incr` is not used: the database cache implements it as a get then a set.

Ticket keys carry the window's number and live until the window ends, so a key never expires while its
window is open (the database cache's `add` over an expired row is not atomic). A hint key remembers how
many tickets were taken, so a request usually costs one read and one add; the hint may lag behind under
concurrency (a wasted add), never run ahead (no request is refused below the limit).

A count is forgotten by counting under another identity (crpv_site.security.login_lockout: a generation).
"""
import hashlib
import ipaddress
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

KEY_PREFIX = "limite"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|second|m|min|minute|h|hour|d|day)s?\s*$")
SLACK_SECONDS = 5  # tickets outlive their window a little: the database cache rounds expiry to the second


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text):
        """'300/minute', '5/15m', '20/h' → Rate; an empty text → None (no limit). ValueError otherwise."""
        if not text:
            return None
        match = RATE_PATTERN.match(text)
        if not match:
            raise ValueError(f"Invalid rate {text!r}: expected '<count>/<unit>', e.g. '300/minute' or '5/15m'.")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * UNITS[unit[0]])


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int  # seconds until the window ends (when refused: when to come back)


def digest(text):
    return hashlib.sha256(str(text).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Limiter:
    """At most `rate.limit` requests per `rate.seconds` for each identity (token, address, account…) of a scope."""
    scope: str
    rate: Rate

    def hit(self, ident, now=None):
        """Count one request; refused, counting nothing, when the window's tickets are all taken."""
        base, remaining = self._window(ident, now)
        timeout = math.ceil(remaining) + SLACK_SECONDS
        for ticket in range(cache.get(f"{base}:taken", 0), self.rate.limit):
            if cache.add(f"{base}:{ticket}", 1, timeout):
                cache.set(f"{base}:taken", ticket + 1, timeout)
                return Decision(True, math.ceil(remaining))
        return Decision(False, max(1, math.ceil(remaining)))

    def peek(self, ident, now=None):
        """Whether a request would pass now, counting nothing (a cheap look: `hit` is the atomic check)."""
        base, remaining = self._window(ident, now)
        return Decision(cache.get(f"{base}:taken", 0) < self.rate.limit, max(1, math.ceil(remaining)))

    def _window(self, ident, now):
        now = time.time() if now is None else now
        number = int(now // self.rate.seconds)
        remaining = (number + 1) * self.rate.seconds - now
        base = f"{KEY_PREFIX}:{self.scope}:{digest(ident)}:{self.rate.seconds}:{number}"
        return base, remaining


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind ALLAUTH_TRUSTED_PROXY_COUNT proxies, X-Forwarded-For's."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = [item.strip() for item in request.headers.get("x-forwarded-for", "").split(",") if item.strip()]
    address = forwarded[-proxies] if proxies and len(forwarded) >= proxies else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return address[:64]
