"""The import of notices, as its callers use it (import_notices, the admin's bulk import, the OAI
harvester, the partner API). The work is done in layers:

- reading (formats.py, csv_format.py, ris_format.py, reading.py): a file becomes a `ParsedFile`
  of `NoticeRecord`s (records.py), values as written;
- validation (validation.py, labels through base_documentaire.vocabulary): each record becomes a `CheckedRecord` or a `RowError`
  with its reasons in French, nothing written. Theme and territory labels are matched ignoring
  case and accents; a label matching nothing is reported and recorded as a `TermeCandidat`;
- writing (writing.py, ../notice_loading.py, filling.py, terms.py, relations.py, publication.py): the
  checked records are written by batches, with a bounded number of statements a batch whatever
  its size, published as in the administration; a batch the database refuses is written again
  one row at a time, each in its own savepoint (a bad row is rejected with its line number and
  the reason, the good ones are imported all the same); report.py keeps each record's outcome;
- this module: the whole import (`import_file`, `import_records`) and the single-record steps the
  partner API writes through (`validate`, `field_errors`, `apply`, `record_candidates`).
"""
import time
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import islice

from django.db import transaction

from base_documentaire.doublons import detection as doublons
from base_documentaire.vocabulary import VocabularyLookup

from .filling import fill_fields, fill_relations
from .formats import detect_format, parse, parse_data
from .report import ImportReport, Rejection
from .validation import CheckedRecord, RowError, Validator, notice_key
from .validation import field_errors as _field_errors
from .writing import NoticeWriter, record_candidates, rejection, update_index

__all__ = ["BATCH_SIZE", "CheckedRecord", "ImportOptions", "ImportReport", "Rejection", "RowError",
           "apply", "detect_format", "field_errors", "import_file", "import_records", "notice_key", "parse",
           "parse_data", "record_candidates", "validate"]

BATCH_SIZE = 250


@dataclass
class ImportOptions:
    contributeur: object = None  # the Contributeur the notices belong to
    files_dir: object = None  # folder of the files the records name (pdf column, RIS L1)
    dry_run: bool = False  # check everything, change nothing
    user: object = None  # author of the revisions and log entries
    batch_size: int = BATCH_SIZE  # rows committed together
    progress: object = None  # progress(rows processed), called after each batch
    index: bool = True  # refresh the search index before returning
    submit: object = None  # submit(notice, user) instead of publishing (partners' imports go to moderation)
    lookup: object = None  # theme and territory labels (.theme(label), .territory(label)); None: read at start


def import_file(path, format=None, options=None, **option_values):
    """Parse and import a CSV or RIS file; ImportFileError (French message) if unreadable.
    Options: an `ImportOptions`, or its fields as keywords."""
    return import_records(parse(path, format), options, **option_values)


def import_records(parsed, options=None, **option_values):
    """Import a `ParsedFile` (any reader's records); returns the `ImportReport`."""
    options = _options(options, option_values)
    started = time.monotonic()
    report = ImportReport(format=parsed.format, dry_run=options.dry_run)
    lookup = options.lookup or VocabularyLookup()
    validator = Validator(lookup, provided=parsed.provided, files_dir=options.files_dir)
    writer = NoticeWriter(report, contributeur=options.contributeur, user=options.user, submit=options.submit,
                          dry_run=options.dry_run)
    # Doublons: detection runs once a batch (detection.flag_many), instead of on each save.
    with transaction.atomic() if options.dry_run else nullcontext(), doublons.paused():
        for batch in _batched(parsed.records, options.batch_size):
            writer.write_batch([_check(validator, record, report) for record in batch])
            if options.progress:
                options.progress(report.rows)
        record_candidates(report.unknown_terms)
        if options.dry_run:
            transaction.set_rollback(True)
    report.warnings[:0] = [(None, message) for message in parsed.warnings]
    if options.index and not options.dry_run and report.notice_ids:
        report.index = update_index(report.notice_ids)
    report.seconds = time.monotonic() - started
    return report


def _options(options, values):
    if options is not None and values:
        raise TypeError("Give an ImportOptions or keyword options, not both.")
    return options if options is not None else ImportOptions(**values)


def _batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _check(validator, record, report):
    """The record's `CheckedRecord`, or the `Rejection` telling why it is refused."""
    try:
        checked = validator.check(record)
    except RowError as error:
        return Rejection(record.line, str(error), record.external_id)
    except Exception as error:  # a bug on one row must not stop the good ones
        return rejection(record.line, record.external_id, error)
    if checked.missing_file:
        report.missing_files.append((checked.line, *checked.missing_file))
    return checked


# -- one record (the partner API) ------------------------------------------------------------------

def validate(record, *, provided=None, lookup=None, files_dir=None):
    """One record checked as an import checks it: a `CheckedRecord`, or RowError with its reasons.
    ``provided``: the record attributes given (a partial update), None for all of them;
    ``lookup``: the theme and territory labels (a `VocabularyLookup`, read now when not given)."""
    return Validator(lookup or VocabularyLookup(), provided=provided, files_dir=files_dir).check(record)


def field_errors(record, attributes, *, lookup=None):
    """{attribute: reasons} of the given attributes refused when each is checked alone, in order:
    messages that each name one field. Empty when every attribute is valid on its own."""
    return _field_errors(record, attributes, lookup or VocabularyLookup())


def apply(notice, checked, tags=None):
    """Set the notice's fields and relations (authors, links, themes, territories, keywords) from a
    `CheckedRecord`, in memory but for new tags; the caller saves the notice (with its revision)."""
    fill_fields(notice, checked)
    fill_relations(notice, checked, tags)
