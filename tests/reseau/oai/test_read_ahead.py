"""A harvest reads the source's next pages while it writes the records received (read_ahead):
items in their order, a failure where it happened, a reader that stops early stops the thread."""
import threading
import time

import pytest

from reseau.oai.read_ahead import read_ahead


class Source:
    """Items produced one at a time, noting how far the producer went."""

    def __init__(self, count, fail_at=None):
        self.count, self.fail_at, self.produced = count, fail_at, 0

    def __iter__(self):
        for number in range(self.count):
            if number == self.fail_at:
                raise ConnectionError("connexion perdue")
            self.produced = number + 1
            yield number


def test_items_come_in_order_while_the_source_is_read_ahead():
    source = Source(50)
    items = iter(read_ahead(source, size=10))
    assert next(items) == 0
    deadline = time.monotonic() + 5
    while source.produced < 11 and time.monotonic() < deadline:  # read ahead while the reader works
        time.sleep(0.01)
    assert source.produced >= 11
    assert [0, *items] == list(range(50))


def test_a_failure_comes_after_the_items_read_before_it():
    received = []
    with pytest.raises(ConnectionError, match="connexion perdue"):
        for item in read_ahead(Source(20, fail_at=7), size=3):
            received.append(item)
    assert received == list(range(7))


def test_a_reader_that_stops_early_stops_the_thread():
    before = threading.active_count()
    items = iter(read_ahead(Source(10_000), size=5))
    assert next(items) == 0
    items.close()
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == before


def test_the_thread_speaks_the_readers_language():
    from django.utils import translation
    from django.utils.translation import gettext

    def messages():
        yield gettext("The file is empty.")

    with translation.override("fr"):
        assert list(read_ahead(messages(), size=1)) == ["Le fichier est vide."]
    with translation.override("en"):
        assert list(read_ahead(messages(), size=1)) == ["The file is empty."]
