"""Work done once the response has been sent: writes a reader does not wait for (the search statistics).

A WSGI server (gunicorn, runserver) closes the response after writing it to the client, and Django then
sends `request_finished`: the functions queued during the request run there, each in its own try (a
failure is logged, never shown). The queue belongs to the request's context (thread) and holds at most
MAX_PENDING calls. The page cache stores a page's queued calls with it and queues them again on each hit.
"""
import logging
from contextvars import ContextVar

logger = logging.getLogger(__name__)
MAX_PENDING = 10
_pending = ContextVar("after_response_pending", default=None)


def after_response(function, *args):
    pending = _pending.get()
    if pending is None:
        pending = []
        _pending.set(pending)
    if len(pending) < MAX_PENDING:
        pending.append((function, args))


def pending():
    """The calls queued so far in this request's context: [(function, args)]."""
    return list(_pending.get() or [])


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
            logger.exception("Work queued for after the response failed: %s", getattr(function, "__qualname__", function))
