"""Running an admin import job in the task worker, resumable.

The stored file is read again from the storage and imported by steps of ``STEP`` records. Each
step runs in one transaction with the job's own progress (``rows_done``, counts, report lines):
if the worker stops, the step it was writing is rolled back entirely and the job records the
last committed step; resuming the job (tasks.run_import_job, again) skips the records already
committed and continues after them. Nothing is ever half-imported, nothing is imported twice
(and the import is idempotent on identifiers all the same).
"""
import dataclasses
import logging
from contextlib import nullcontext
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base_documentaire.importers.records import ImportFileError
from base_documentaire.importers.service import ImportOptions, import_records, notice_key, parse
from base_documentaire.models import Notice, TermeCandidat
from base_documentaire.vocabulary import VocabularyLookup
from crpv_site.storage_outage import is_storage_outage

from .models import ImportJob, ImportJobLine
from .notifications import grouped_submissions
from .workflow import submit_for_moderation

logger = logging.getLogger(__name__)

STEP = 1000  # records committed together with the job's progress: the resumption point
STALE_AFTER = timedelta(minutes=10)  # a running job silent that long was stopped with its worker
Kind = ImportJobLine.Kind


class JobMovedOn(Exception):
    """Another worker committed this step first: this one stops."""


def step_size():
    return getattr(settings, "CONTRIBUTION_IMPORT_STEP", STEP)


def is_stalled(job):
    """A job stopped with its worker: it stays "running" but nothing happens any more."""
    return job.status == ImportJob.Status.RUNNING and timezone.now() - job.heartbeat > STALE_AFTER


def can_resume(job):
    return job.status == ImportJob.Status.FAILED or is_stalled(job)


def run(job_id):
    """Import (or resume importing) the job's file; the job tells the outcome."""
    job = ImportJob.objects.select_related("contributeur", "created_by").get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return
    job.status, job.error = ImportJob.Status.RUNNING, ""
    job.save(update_fields=["status", "error", "heartbeat"])
    try:
        _import(job)
    except ImportFileError as error:
        _fail(job, _("This file cannot be imported: %(error)s") % {"error": error})
    except JobMovedOn:
        return
    except Exception as error:
        if not is_storage_outage(error):
            logger.exception("Import job %s failed", job.pk)
            _fail(job, _("The import stopped on an unexpected error: %(error)s. What was imported before "
                         "is kept; resume the import to continue.") % {"error": error})
            return
        _fail(job, _("The file storage is unavailable: the import stopped and nothing was lost. Resume it "
                     "when the storage answers again; it continues where it stopped."))
    else:
        job.status, job.finished_at = ImportJob.Status.DONE, timezone.now()
        job.save(update_fields=["status", "finished_at", "heartbeat"])


def _fail(job, message):
    job.status, job.error = ImportJob.Status.FAILED, message
    job.save(update_fields=["status", "error", "heartbeat"])


def _open(job):
    """The stored file, as the storage gives it: the reading layer reads from it."""
    return job.file.storage.open(job.file.name, "rb")


def _import(job):
    if job.rows_total is None:
        with _open(job) as handle:
            job.rows_total = sum(1 for _record in parse(handle, job.format).records)
        job.save(update_fields=["rows_total", "heartbeat"])
    with _open(job) as handle:
        _import_steps(job, parse(handle, job.format))


def _import_steps(job, parsed):
    options = ImportOptions(contributeur=job.contributeur, dry_run=job.dry_run, user=job.created_by,
                            submit=submit_for_moderation if job.moderated else None, index=False,
                            lookup=VocabularyLookup())
    records = islice(parsed.records, job.rows_done, None)
    grouped = grouped_submissions(job.created_by) if job.moderated and not job.dry_run else nullcontext()
    with grouped:
        while step := list(islice(records, step_size())):
            warnings = parsed.warnings if job.rows_done == 0 else []
            _run_step(job, dataclasses.replace(parsed, records=iter(step), warnings=warnings), step, options)


def _run_step(job, parsed_step, records, options):
    keys = [notice_key(record) for record in records]
    existing = dict(Notice.objects.filter(contributeur=job.contributeur, external_id__in=keys)
                    .values_list("external_id", "pk"))
    with transaction.atomic():
        committed = ImportJob.objects.select_for_update().values_list("rows_done", flat=True).get(pk=job.pk)
        if committed != job.rows_done:
            raise JobMovedOn
        report = import_records(parsed_step, options)
        ImportJobLine.objects.bulk_create(_lines(job, records, keys, existing, report))
        _add(job, report, len(records))
        job.save()


def _lines(job, records, keys, existing, report):
    """The report lines of one step: each record's outcome (with its document type, thèmes and
    territories as mapped or kept as candidates), then warnings and files not attached."""
    rejected = {rejection.line: rejection for rejection in report.rejected}
    mapped = {outcome.line: outcome.summary() for outcome in report.outcomes}
    changed = set(report.notice_ids)
    created = {} if job.dry_run else dict(
        Notice.objects.filter(contributeur=job.contributeur, external_id__in=set(keys) - set(existing))
        .values_list("external_id", "pk"))
    lines = []
    for record, key in zip(records, keys):
        if record.line in rejected:
            rejection = rejected[record.line]
            lines.append(ImportJobLine(job=job, line=record.line, kind=Kind.REJECTED,
                                       external_id=rejection.external_id, message=rejection.reason))
        elif key in existing:
            kind = Kind.UPDATED if existing[key] in changed else Kind.UNCHANGED
            lines.append(ImportJobLine(job=job, line=record.line, kind=kind, external_id=key,
                                       notice_id=existing[key], message=mapped.get(record.line, "")))
        else:
            lines.append(ImportJobLine(job=job, line=record.line, kind=Kind.CREATED, external_id=key,
                                       notice_id=created.get(key), message=mapped.get(record.line, "")))
    lines += [ImportJobLine(job=job, line=line, kind=Kind.WARNING, message=message)
              for line, message in report.warnings]
    lines += [ImportJobLine(job=job, line=line, kind=Kind.MISSING_FILE, external_id=name, message=message)
              for line, name, message in report.missing_files]
    return lines


def _add(job, report, rows):
    job.rows_done += rows
    job.created += report.created
    job.updated += report.updated
    job.unchanged += report.unchanged
    job.rejected += len(report.rejected)
    job.files_attached += report.files_attached
    terms = dict(job.unknown_terms)
    for (vocabulaire, label), count in report.unknown_terms.items():
        key = f"{vocabulaire}|{label}"
        terms[key] = terms.get(key, 0) + count
    job.unknown_terms = terms


def unknown_terms(job):
    """[(vocabulary's name, label, occurrences)], most frequent first."""
    vocabularies = dict(TermeCandidat.Vocabulaire.choices)
    rows = []
    for key, count in job.unknown_terms.items():
        vocabulaire, _sep, label = key.partition("|")
        rows.append((vocabularies.get(vocabulaire, vocabulaire), label, count))
    return sorted(rows, key=lambda row: (-row[2], row[1]))
