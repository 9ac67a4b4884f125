"""Reading a source ahead, in a thread: the next pages of a harvest are fetched and parsed while
the records already received are written.

The thread only talks to the network (HTTP requests, XML parsing): it never touches the
database. Its items come out in their order; an exception it meets comes out where it happened
(after the items read before it), raised in the reading thread; a reader that stops early stops
it.
"""
import queue
import threading

from django.utils import translation

END = object()


def read_ahead(items, size):
    """The items of an iterator, read up to ``size`` items ahead in a thread."""
    return ReadAhead(items, size)


class ReadAhead:
    def __init__(self, items, size):
        self._queue = queue.Queue(maxsize=size)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(items, translation.get_language()),
                                        name="read-ahead", daemon=True)
        self._thread.start()

    def _read(self, items, language):
        """In the thread, in the reader's language (messages of the errors met are for the user)."""
        try:
            with translation.override(language):
                for item in items:
                    if not self._put((item, None)):
                        return
            self._put((END, None))
        except BaseException as error:  # handed to the reader, raised there
            self._put((END, error))

    def _put(self, entry):
        """False once the reader has stopped."""
        while not self._stopped.is_set():
            try:
                self._queue.put(entry, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self):
        try:
            while True:
                item, error = self._queue.get()
                if error is not None:
                    raise error
                if item is END:
                    return
                yield item
        finally:
            self._stopped.set()
