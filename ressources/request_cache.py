"""Values read once per request and reused by every list of the page.

A page of the editorial site asks the same questions many times: which sections are private
(Wagtail's `.public()` reads every view restriction each time it is called), where the agenda or
the documentary page is, which themes are narrower than which. `cached(key, compute)` answers each
question once per request.

The cache lives from `request_started` to `request_finished`, in a context variable (one per
thread or task); outside a request (shell, commands, background tasks) nothing is cached. Any
write during the request (a model saved or deleted, a many-to-many change) empties it, so a view
that changes data and then renders never reads a stale answer.
"""
from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save

_values = ContextVar("ressources_request_cache", default=None)


def cached(key, compute):
    """compute() once per request for `key` (every call outside a request)."""
    values = _values.get()
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def start(**kwargs):
    _values.set({})


def stop(**kwargs):
    _values.set(None)


def forget(**kwargs):
    values = _values.get()
    if values:
        values.clear()


def connect():
    request_started.connect(start, dispatch_uid="ressources_request_cache_start")
    request_finished.connect(stop, dispatch_uid="ressources_request_cache_stop")
    for name, signal in (("post_save", post_save), ("post_delete", post_delete), ("m2m_changed", m2m_changed)):
        signal.connect(forget, dispatch_uid=f"ressources_request_cache_forget_{name}")
