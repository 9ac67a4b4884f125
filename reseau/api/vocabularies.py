"""The import's label matching (case and accents ignored), kept in memory between API requests.

Building a `VocabularyLookup` (base_documentaire/vocabulary.py) reads every theme and territory
(35,000 communes on a full load): fine once per imported file, too slow once per API request.
Each process keeps one copy, rebuilt when a theme or territory changed (a version number in the
shared cache, bumped by signals) or after MAX_AGE_S whatever happens (bulk loaders bypass signals).
"""
import threading
import time

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from base_documentaire.models import Territoire, Theme
from base_documentaire.vocabulary import VocabularyLookup

VERSION_KEY = "partner_api:vocabularies:version"
MAX_AGE_S = 300

_lock = threading.Lock()
_current = {"version": None, "built": 0.0, "vocabularies": None}


def current():
    version = cache.get(VERSION_KEY, 0)
    with _lock:
        fresh = time.monotonic() - _current["built"] < MAX_AGE_S
        if _current["vocabularies"] is None or _current["version"] != version or not fresh:
            _current.update(version=version, built=time.monotonic(), vocabularies=VocabularyLookup())
        return _current["vocabularies"]


def invalidate(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet
        cache.set(VERSION_KEY, 1, None)
    _current["vocabularies"] = None


def connect():
    for model in (Theme, Territoire):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"partner_api_vocab_save_{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"partner_api_vocab_delete_{model.__name__}")
    m2m_changed.connect(invalidate, sender=Territoire.parents.through, dispatch_uid="partner_api_vocab_parents")
