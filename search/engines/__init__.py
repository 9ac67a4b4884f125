"""The search port and its registry.

``get_engine()`` returns the engine chosen in settings (``CRPV_SEARCH_ENGINE``), built once
per process, the way Django's cache framework builds caches. Callers never ask which engine
runs: they talk to the ``SearchEngine`` interface in ``base.py``.
"""
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string


@lru_cache(maxsize=None)
def _build(backend, options):
    return import_string(backend)(**dict(options))


def get_engine():
    config = dict(settings.CRPV_SEARCH_ENGINE)
    backend = config.pop("BACKEND")
    options = tuple(sorted((key.lower(), value) for key, value in config.items()))
    return _build(backend, options)
