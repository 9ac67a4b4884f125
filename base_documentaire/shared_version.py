"""A per-process copy of rarely changing rows (document types, vocabulary parents), kept while a version number in
Django's cache stays the same. A change bumps the version (`bump`); every process compares its own with the
cache's at most every `check_seconds` (with production's database cache a read is a query, so not on each use)."""
import time
import uuid

from django.core.cache import cache


class SharedVersion:
    def __init__(self, key, check_seconds=2.0):
        self.key = key
        self.check_seconds = check_seconds
        self.version = None
        self.checked = 0.0

    def changed(self):
        """True when the version moved since this process last looked (looking at most every check_seconds)."""
        now = time.monotonic()
        if now - self.checked < self.check_seconds:
            return False
        self.checked = now
        version = cache.get(self.key)
        if version == self.version:
            return False
        self.version = version
        return True

    def bump(self):
        """A new version: this process looks again at its next use, the others within check_seconds."""
        self.checked = 0.0
        cache.set(self.key, uuid.uuid4().hex, timeout=None)
