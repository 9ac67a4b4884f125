"""Work done once the response has been sent: the statistics' writes never delay a page.

A WSGI server (gunicorn, runserver) closes the response after writing it to the client, and Django then
sends `request_finished`: the functions queued during the request run there, each in its own try (a
failure is logged, never shown). The queue belongs to the request's context (thread) and holds at most
MAX_PENDING calls.
"""
import logging
from contextvars import ContextVar

logger = logging.getLogger(__name__)
MAX_PENDING = 10
_pending = ContextVar("statistiques_pending", default=None)


def after_response(function, *args):
    pending = _pending.get()
    if pending is None:
        pending = []
        _pending.set(pending)
    if len(pending) < MAX_PENDING:
        pending.append((function, args))


def flush(**kwargs):
    """The receiver of `request_finished`."""
    pending = _pending.get()
    if not pending:
        return
    _pending.set(None)
    for function, args in pending:
        try:
            function(*args)
        except Exception:
            logger.exception("Recording the search statistics failed")
