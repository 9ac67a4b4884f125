"""Keeps the search index in sync with the notices, through an outbox that survives outages."""
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from crpv_site import cache as content
from search.engines import get_engine

from .documents import all_indexable_notices, indexable_notices, notice_document, notice_schema
from .models import PendingIndexUpdate
from .vocabulary import VocabularyLabels

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


@dataclass
class SyncReport:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    error: str = ""


def schedule(notice_ids):
    """Record that these notices changed (one upsert in the outbox); the index update runs after
    the transaction commits, once for all the notices it changed (an import saves thousands)."""
    notice_ids = sorted({int(pk) for pk in notice_ids})
    if not notice_ids:
        return
    if _deferred.batch is not None:  # recorded when the batch ends (see deferred())
        _deferred.batch.ids.extend(notice_ids)
        return
    # The bump of updated_at on conflict makes a change made during a sync or rebuild survive it.
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(notice_id=pk) for pk in notice_ids],
        update_conflicts=True, unique_fields=["notice_id"], update_fields=["updated_at"],
    )
    _scheduled.ids.update(notice_ids)
    transaction.on_commit(_enqueue_scheduled)


class DeferredBatch:
    """The ids scheduled inside a ``deferred()`` block, in order (a rolled back part can be forgotten)."""

    def __init__(self):
        self.ids = []

    def mark(self):
        return len(self.ids)

    def forget_since(self, mark):
        del self.ids[mark:]


class _Deferred(threading.local):
    batch = None


_deferred = _Deferred()


@contextmanager
def deferred():
    """Inside this block ``schedule`` only collects the ids; they are scheduled at once (one upsert)
    when the block ends without error. Use it inside the transaction that writes the notices (an
    import, a batch at a time); a nested block joins the outer one."""
    if _deferred.batch is not None:
        yield _deferred.batch
        return
    batch = _deferred.batch = DeferredBatch()
    try:
        yield batch
    finally:
        _deferred.batch = None
    schedule(batch.ids)


class _Scheduled(threading.local):
    def __init__(self):
        self.ids = set()


_scheduled = _Scheduled()


def _enqueue_scheduled():
    """The first commit callback sends every id scheduled so far; the later ones find nothing.
    (Ids left by a rolled-back transaction only cost an empty sync: their outbox rows rolled back.)"""
    from .tasks import sync_index_task

    ids, _scheduled.ids = sorted(_scheduled.ids), set()
    if ids:
        sync_index_task.enqueue(ids)


def sync(notice_ids=None, refresh=False):
    """Push pending updates (these ids, or every pending one) to the engine; never raises.
    With ``refresh``, everything indexed so far (by this call or by an earlier task) becomes
    searchable before it returns."""
    pending = PendingIndexUpdate.objects.all()
    if notice_ids is not None:
        pending = pending.filter(notice_id__in=notice_ids)
    ids = list(pending.values_list("notice_id", flat=True)[:BATCH_SIZE] if notice_ids is None else
               pending.values_list("notice_id", flat=True))
    report = SyncReport()
    for start in range(0, len(ids), BATCH_SIZE):
        _sync_batch(ids[start:start + BATCH_SIZE], report, refresh)
    if refresh and not ids:
        _refresh(report)
    if report.indexed or report.deleted:
        content.bump_on_commit()  # pages built from the old index (page cache) are stale
    return report


def _refresh(report):
    try:
        get_engine().refresh(notice_schema())
    except Exception as error:  # engine down: nothing to make visible anyway
        report.error = f"{type(error).__name__}: {error}"


def _sync_batch(ids, report, refresh):
    started = timezone.now()
    tree = VocabularyLabels()
    schema = notice_schema(tree)
    documents = [notice_document(notice, tree) for notice in indexable_notices(ids)]
    removed = sorted(set(ids) - {int(doc["id"]) for doc in documents})
    engine = get_engine()
    try:
        engine.ensure_index(schema)
        engine.index(schema, documents)
        engine.delete(schema, [str(pk) for pk in removed])
        if refresh:
            engine.refresh(schema)
    except Exception as error:  # engine down or refusing: keep the rows, retry later
        logger.warning("Search index update failed for %d notices: %s", len(ids), error)
        _record_failure(ids, error)
        report.failed += len(ids)
        report.error = f"{type(error).__name__}: {error}"
        return
    PendingIndexUpdate.objects.filter(notice_id__in=ids, updated_at__lte=started).delete()
    report.indexed += len(documents)
    report.deleted += len(removed)


def _record_failure(ids, error):
    PendingIndexUpdate.objects.filter(notice_id__in=ids).update(
        attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000], updated_at=timezone.now()
    )


def backlog():
    """How far the index lags behind: number of pending updates and age of the oldest."""
    oldest = PendingIndexUpdate.objects.order_by("created_at").values_list("created_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    return PendingIndexUpdate.objects.count(), round(age)


def is_pending(notice_id):
    return PendingIndexUpdate.objects.filter(notice_id=notice_id).exists()


def rebuild(progress=None):
    """Rebuild the whole notices index behind its alias (zero downtime); returns the count."""
    started = timezone.now()
    tree = VocabularyLabels()
    schema = notice_schema(tree)
    documents = (notice_document(notice, tree) for notice in all_indexable_notices())
    total = get_engine().rebuild(schema, documents, progress=progress)
    PendingIndexUpdate.objects.filter(updated_at__lte=started).delete()
    content.bump_on_commit()
    return total
