"""Writing checked records into the documentary base, a batch at a time.

- Idempotent: a notice is known by its identifier within its contributor; writing the same
  record again updates (or leaves alone) what it created, never duplicates it.
- A batch is written with a bounded number of statements, whatever its size: its existing
  notices are read at once (with their relations), the unchanged ones cost no write, the new
  and changed ones are written together (`publication.BatchPublisher.publish_new` and
  ``publish_updated``), and keywords and candidate terms are read and created once a batch
  (terms.py). If the database refuses the batch, nothing of it is kept and its rows are written
  again one at a time, each in its own savepoint: the row the database refuses is rejected with
  its line, the others are written all the same. Rows repeating an identifier, publications
  scheduled for later and partners' drafts (`submit`) take that one-row path too.
- Each notice gets a revision, published as in the administration (or, with `submit`, kept as a
  draft and handed to it: partners' imports go to moderation). The publication is Wagtail's,
  written directly (`publication.BatchPublisher`): log entries, the reference index and the
  search index outbox are written once a batch, and duplicates (doublons) are detected once a
  batch.
- Files are stored once (same content, same `Fichier`) through the storage API.
"""
import dataclasses
import logging
from collections import Counter

from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from base_documentaire import candidates, indexing
from base_documentaire.doublons import detection as doublons
from base_documentaire.doublons import aliases as doublon_aliases
from base_documentaire.models import Fichier, Notice, NoticeFichier, TermeCandidat
from base_documentaire.text import fold

from .filling import fill_fields, fill_relations, is_unchanged
from .keeping import prepare_update
from ..notice_loading import load_notices
from .publication import BatchPublisher, can_publish_now
from .report import Rejection
from .terms import CandidateTerms, Tags
from .validation import FIELDS, RowError

logger = logging.getLogger(__name__)

TITLE_MAX_LENGTH = Fichier._meta.get_field("title").max_length
INDEX_BATCH = 500
CREATED, UPDATED, UNCHANGED, REJECTED, ALONE = "created", "updated", "unchanged", "rejected", ""


@dataclasses.dataclass
class Entry:
    """A row of a batch and what becomes of it: ``outcome`` is decided before anything is written,
    but for the rows written ``ALONE`` (one at a time, in their savepoint, after the others)."""
    row: object  # CheckedRecord, or the Rejection of a record validation refused
    outcome: str = ALONE
    notice: object = None
    previous_title: str = None  # an updated notice's title before the row
    original: object = None  # the row as validated: written alone if the batch is refused


class NoticeWriter:
    """Writes the checked records of one import into the contributor's notices, counting in ``report``.
    ``submit(notice, user)``, when given, replaces the publication (reseau.contribution submits to
    moderation)."""

    def __init__(self, report, contributeur=None, user=None, submit=None, dry_run=False):
        self.report = report
        self.contributeur = contributeur
        self.user = user
        self.submit = submit
        self.dry_run = dry_run
        existing = Notice.objects.filter(contributeur=contributeur).exclude(external_id="")
        # external id -> pk; a merged-away notice's identifier leads to the notice kept (doublons.aliases)
        own, merged = dict(existing.values_list("external_id", "pk")), doublon_aliases.resolve(contributeur)
        self.existing, self.merged_ids = {**merged, **own}, set(merged).difference(own)
        self.tags = Tags()
        self.terms = CandidateTerms()
        self._seen_lines = {}  # external id -> first line, to tell about duplicates
        self._unknown_spellings = {}
        self._stored_files = {}  # sha1 -> Fichier stored during this import
        self._publisher = self._index_batch = None

    def write_batch(self, rows):
        """Write one batch in one transaction. ``rows``: `CheckedRecord`s, and the `Rejection`s of
        the records validation refused, in the source's order (the report keeps that order)."""
        with transaction.atomic(), indexing.deferred() as self._index_batch:
            self._publisher = BatchPublisher(self.user)
            self._write_rows(rows)
            self._publisher.flush()

    def _write_rows(self, rows):
        loaded = self._load([row.external_id for row in rows if not isinstance(row, Rejection)])
        keys = set()
        entries = [self._plan(row, loaded, keys) for row in rows]
        self._write_together([entry for entry in entries if entry.outcome in (CREATED, UPDATED)])
        written, rejected = [], []  # (checked, outcome, notice) of the rows kept, Rejections; in order
        for entry in entries:
            if entry.outcome == REJECTED:
                rejected.append(entry.row)
            elif entry.outcome != ALONE:
                written.append((entry.row, entry.outcome, entry.notice))
            else:
                kept = self._write_alone(entry.row, loaded)
                (rejected if isinstance(kept, Rejection) else written).append(kept)
        self._flag_duplicates(written)
        self.report.rejected.extend(rejected)
        for checked, outcome, notice in written:
            self._count(checked, outcome, notice)
        self._record_outcomes(written, rejected)

    def _record_outcomes(self, written, rejected):
        """Each row's outcome in the report, in the source's order."""
        rows = sorted([(row.line, 0, row) for row in rejected] + [(item[0].line, 1, item) for item in written],
                      key=lambda row: row[:2])
        outcomes = self.report.outcomes
        for _line, kept, row in rows:
            if not kept:
                outcomes.add(row.line, row.external_id, REJECTED, messages=[row.reason])
                continue
            checked, outcome, notice = row
            notice_id = None if self.dry_run and outcome == CREATED else notice.pk
            outcomes.add(checked.line, checked.external_id, outcome, notice_id,
                         checked.mapped, checked.unknown, checked.warnings)

    # -- the batch ---------------------------------------------------------------------------------

    def _plan(self, row, loaded, keys):
        """The row's `Entry`: what writing it will do, decided from the notices read (nothing written).
        ``keys``: the identifiers of the batch's rows planned so far (a repeated one is written alone)."""
        if isinstance(row, Rejection):
            return Entry(row, REJECTED)
        key = row.external_id
        if self.submit is not None or key in keys or key in self._seen_lines:
            return Entry(row)
        keys.add(key)
        pk = self.existing.get(key)
        if pk is None:
            notice = Notice(contributeur=self.contributeur, external_id=key, live=False)
            return Entry(row, CREATED, notice, original=row)
        notice = loaded.get(pk)
        if notice is None or not can_publish_now(notice):
            return Entry(row)
        if notice.locked:
            self._seen_lines[key] = row.line
            return Entry(rejection(row.line, row.source_id, locked_error()), REJECTED)
        del loaded[pk]
        original = dataclasses.replace(row, warnings=list(row.warnings))
        prepare_update(notice, row, merged=key in self.merged_ids)  # keeps what was added by hand
        if is_unchanged(notice, row):
            self._seen_lines[key] = row.line
            return Entry(row, UNCHANGED, notice)
        return Entry(row, UPDATED, notice, previous_title=str(notice), original=original)

    def _write_together(self, entries):
        """Write the batch's new and changed notices at once. If the database refuses any of them,
        nothing of it is kept and these rows are written alone (each in its savepoint) afterwards."""
        if not entries:
            return
        marks = self._publisher.mark(), self._index_batch.mark()
        files_attached = self.report.files_attached
        try:
            with transaction.atomic():
                self._read_once([entry.row for entry in entries])
                for entry in entries:
                    fill_fields(entry.notice, entry.row)
                    fill_relations(entry.notice, entry.row, self.tags, self.terms)
                    self._attach_file(entry.notice, entry.row)
                with disable_reference_index_auto_update():
                    self._publisher.publish_new([entry.notice for entry in entries if entry.outcome == CREATED])
                    self._publisher.publish_updated(
                        [(entry.notice, entry.previous_title) for entry in entries if entry.outcome == UPDATED],
                        FIELDS)
        except Exception:  # found again, with its line, when the rows are written alone
            logger.info("Batch write refused, rows written one at a time", exc_info=True)
            self._forget_uncommitted(marks)
            self.report.files_attached = files_attached
            for entry in entries:
                entry.row, entry.outcome, entry.notice = entry.original, ALONE, None
            return
        for entry in entries:
            self._seen_lines[entry.row.external_id] = entry.row.line
            self.existing[entry.row.external_id] = entry.notice.pk

    def _read_once(self, rows):
        """The keywords, candidate terms and stored files the rows name: read (or created) at once."""
        self.tags.objects(sorted({name for row in rows for name in row.mots_cles or ()}))
        self.terms.load([(vocabulaire, label) for row in rows for vocabulaire, label in row.unknown
                         if label and vocabulaire in candidates.provided_vocabularies(row)])
        hashes = {row.pdf[1] for row in rows if row.pdf} - set(self._stored_files)
        if hashes and not self.dry_run:
            for fichier in Fichier.objects.filter(file_hash__in=hashes).order_by("pk"):  # the first, as .first()
                self._stored_files.setdefault(fichier.file_hash, fichier)

    def _load(self, keys):
        """The batch's existing notices with their relations in memory (notice_loading.py)."""
        ids = [self.existing[key] for key in keys if key in self.existing]
        return load_notices(Notice, ids) if ids else {}

    def _forget_uncommitted(self, marks):
        """Tags, terms, files, log entries and index updates of a rolled back part are gone: forget them."""
        self.tags.clear()
        self.terms.clear()
        self._stored_files.clear()
        self._publisher.rollback_to(marks[0])
        self._index_batch.forget_since(marks[1])

    @staticmethod
    def _flag_duplicates(written):
        """Doublons: a report line for each written row that looks like other notices (the row is
        kept); the batch's rows are compared as each one was written (``detection.flag_many``)."""
        rows = [(checked, notice, outcome == CREATED) for checked, outcome, notice in written
                if outcome != UNCHANGED]
        lines = doublons.import_warnings_many([(notice, created) for _checked, notice, created in rows])
        for (checked, _notice, _created), warnings in zip(rows, lines):
            checked.warnings.extend(warnings)

    def _count(self, checked, outcome, notice):
        report = self.report
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != UNCHANGED:
            report.notice_ids.append(notice.pk)
        for vocabulaire, label in checked.unknown:  # counted under the first spelling met
            label = self._unknown_spellings.setdefault((vocabulaire, fold(label)), label)
            report.unknown_terms[(vocabulaire, label)] += 1
        report.warnings.extend((checked.line, message) for message in checked.warnings)

    # -- one row alone ---------------------------------------------------------------------------

    def _write_alone(self, row, loaded):
        """(checked, outcome, notice) of a row written in its own savepoint; its Rejection if refused."""
        marks = self._publisher.mark(), self._index_batch.mark()
        try:
            with transaction.atomic():
                outcome, notice = self._write(row, loaded)
        except Exception as error:  # a database refusal must not stop the good rows
            self._forget_uncommitted(marks)
            return rejection(row.line, row.source_id, error)
        return row, outcome, notice

    def _write(self, checked, loaded):
        """("created" | "updated" | "unchanged", notice); RowError when the notice may not be written."""
        key = checked.external_id
        if key in self._seen_lines:
            checked.warnings.append(_("The identifier “%(id)s” already appears line %(line)d: the notice is "
                                      "updated again.") % {"id": key, "line": self._seen_lines[key]})
        else:
            self._seen_lines[key] = checked.line
        pk = self.existing.get(key)
        previous_title = None
        if pk is None:
            notice = Notice(contributeur=self.contributeur, external_id=key, live=False)
            outcome = CREATED
        else:
            notice = loaded.pop(pk, None) or Notice.objects.get(pk=pk)
            if notice.locked:
                raise locked_error()
            prepare_update(notice, checked, merged=key in self.merged_ids)  # keeps what was added by hand
            if is_unchanged(notice, checked):
                return UNCHANGED, notice
            previous_title = str(notice)
            outcome = UPDATED
        fill_fields(notice, checked)
        if self.submit is None and can_publish_now(notice):
            self._publish(notice, checked, outcome, previous_title)
        else:
            self._save_with_wagtail(notice, checked, outcome)
        self.existing[key] = notice.pk
        return outcome, notice

    def _publish(self, notice, checked, outcome, previous_title):
        fill_relations(notice, checked, self.tags, self.terms)
        self._attach_file(notice, checked)
        with disable_reference_index_auto_update():
            self._publisher.publish(notice, outcome == CREATED, previous_title)

    def _save_with_wagtail(self, notice, checked, outcome):
        """Wagtail's own path: a partner's draft handed to moderation, or a scheduled publication."""
        if outcome == CREATED:
            with disable_reference_index_auto_update():
                notice.save()  # bare: its children are written once, by the publication below
        fill_relations(notice, checked, self.tags, self.terms)
        self._attach_file(notice, checked)
        # As the administration does: a revision of the edited notice, then its publication
        # (which writes the notice and its children from the revision).
        with disable_reference_index_auto_update():
            revision = notice.save_revision(user=self.user, clean=False)
            if outcome == CREATED:
                log(instance=notice, action="wagtail.create", user=self.user, revision=revision, content_changed=True)
            if self.submit is None:  # otherwise kept as a draft, submitted below
                revision.publish(user=self.user, skip_permission_checks=True)
        if self.submit is not None and not self.dry_run:
            self.submit(notice, self.user)
        update_reference_index_task.enqueue(Notice._meta.app_label, Notice._meta.model_name, str(notice.pk))

    def _attach_file(self, notice, checked):
        if not checked.pdf:
            return
        path, sha1, name = checked.pdf
        links = list(notice.fichiers.all()) if notice.pk else []
        if any(link.fichier.file_hash == sha1 for link in links):
            return
        if self.dry_run:  # nothing may be written, files included
            self.report.files_attached += 1
            return
        fichier = self._stored_files.get(sha1) or Fichier.objects.filter(file_hash=sha1).first()
        if fichier is None:
            fichier = store_file(path, sha1, name)
        self._stored_files[sha1] = fichier
        notice.fichiers = links + [NoticeFichier(fichier=fichier, sort_order=len(links))]
        self.report.files_attached += 1


def locked_error():
    return RowError([_("The notice is locked in the administration: it was not updated.")])


def rejection(line, external_id, error):
    """The report line of a row refused while written: a RowError's reasons, else the unexpected error."""
    if isinstance(error, RowError):
        return Rejection(line, str(error), external_id)
    logger.exception("Import of line %s failed", line)
    reason = _("Unexpected error: %(error)s") % {"error": f"{type(error).__name__}: {error}"}
    return Rejection(line, reason, external_id)


def store_file(path, sha1, name):
    """A new `Fichier` holding the file, written through the storage API."""
    fichier = Fichier(title=name[:TITLE_MAX_LENGTH], file_hash=sha1, file_size=path.stat().st_size)
    with open(path, "rb") as handle:
        fichier.file.save(name, File(handle, name=name), save=False)
    fichier.save()
    return fichier


def record_candidates(unknown_terms):
    """Unknown labels become candidate terms (occurrences add up across imports): one read, one
    insert, and one update per distinct number of occurrences.
    ``unknown_terms``: {(vocabulaire, label): occurrences}, or an iterable of (vocabulaire, label)."""
    counts, labels = Counter(), {}
    for (vocabulaire, label), count in Counter(unknown_terms).items():
        key = (vocabulaire, fold(label)[:255])
        counts[key] += count
        labels.setdefault(key, label[:255])
    if not counts:
        return
    existing = {
        (candidate.vocabulaire, candidate.cle): candidate.pk
        for candidate in TermeCandidat.objects.filter(cle__in={key for _v, key in counts})
    }
    by_count = {}
    for key, count in counts.items():
        if key in existing:
            by_count.setdefault(count, []).append(existing[key])
    for count, pks in by_count.items():
        TermeCandidat.objects.filter(pk__in=pks).update(occurrences=F("occurrences") + count)
    TermeCandidat.objects.bulk_create([
        TermeCandidat(vocabulaire=key[0], libelle=labels[key], cle=fold(labels[key]), occurrences=count)
        for key, count in counts.items() if key not in existing])


def update_index(ids):
    """Notices are searchable when the import returns; an engine outage is reported, not raised."""
    total = indexing.SyncReport()
    ids = sorted(set(ids))
    for start in range(0, len(ids), INDEX_BATCH):
        chunk = ids[start:start + INDEX_BATCH]
        try:
            part = indexing.sync(chunk, refresh=start + INDEX_BATCH >= len(ids))
        except Exception as error:  # sync never raises by contract; be safe all the same
            logger.exception("Index update after import failed")
            total.failed += len(chunk)
            total.error = f"{type(error).__name__}: {error}"
            continue
        total.indexed += part.indexed
        total.deleted += part.deleted
        total.failed += part.failed
        total.error = total.error or part.error
    return total
