"""Import notices from a CSV or RIS file (see base_documentaire.importers).

    python manage.py import_notices FILE [--files-dir DIR] [--contributeur CODE] [--dry-run] [--format csv|ris|unimarc|marcxml]
                                         [--report REPORT.csv]

Rejected rows are reported with their line and reason; the exit code is 0 as long as the file
could be read (non-zero for an unreadable file or an unknown contributor). ``--report`` writes
each record's outcome as CSV: created, updated, unchanged or rejected (with the reasons), and its
document type, thèmes and territories as mapped or kept as candidate terms.
"""
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base_documentaire import progress
from base_documentaire.importers.records import ImportFileError
from base_documentaire.importers.report_lines import write_unknown_terms
from base_documentaire.importers.service import BATCH_SIZE, ImportOptions, import_records, parse
from base_documentaire.models import Contributeur


class Command(BaseCommand):
    help = _("Import notices from a CSV or RIS file.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("CSV or RIS file to import."))
        parser.add_argument("--files-dir", help=_("Folder holding the files named by the notices (pdf column, L1)."))
        parser.add_argument("--contributeur", help=_("Short code of the contributor the notices belong to."))
        parser.add_argument("--dry-run", action="store_true", help=_("Check everything, change nothing."))
        parser.add_argument("--format", choices=["csv", "ris", "unimarc", "marcxml"], help=_("Format of the file (default: guessed)."))
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=_("Rows committed together."))
        parser.add_argument("--report", metavar="REPORT.csv",
                            help=_("Write each record's outcome to this CSV file (created, updated, unchanged or "
                                   "rejected; document type, themes and territories mapped or kept as candidates)."))
        progress.add_argument(parser)

    def handle(self, *args, **options):
        contributeur = None
        if options["contributeur"]:
            contributeur = Contributeur.objects.filter(code=options["contributeur"]).first()
            if contributeur is None:
                codes = ", ".join(Contributeur.objects.values_list("code", flat=True)[:20]) or "-"
                raise CommandError(_("Unknown contributor “%(code)s”. Known codes: %(codes)s.")
                                   % {"code": options["contributeur"], "codes": codes})
        if options["files_dir"]:
            if not Path(options["files_dir"]).is_dir():
                raise CommandError(_("The files folder “%(path)s” does not exist.") % {"path": options["files_dir"]})
        try:
            parsed = parse(options["file"], options["format"], files_dir=options["files_dir"])
        except ImportFileError as error:
            raise CommandError(_("Cannot import “%(file)s”: %(error)s") % {"file": options["file"], "error": error})
        report_file = self.open_report(options["report"]) if options["report"] else None

        with report_file or nullcontext():
            with self.progress_bar(options) as bar:
                report = import_records(parsed, ImportOptions(
                    contributeur=contributeur, files_dir=options["files_dir"], dry_run=options["dry_run"],
                    batch_size=options["batch_size"], progress=bar.update if bar else self.progress_lines(options)))
            self.write_report(report)
            if report_file:
                report.outcomes.write_csv(report_file)
                self.stdout.write(_("Report of the %(count)d records written to %(path)s.")
                                  % {"count": len(report.outcomes), "path": options["report"]})

    @staticmethod
    def open_report(path):
        """The report file, opened before the import (a folder that cannot be written is said at once)."""
        try:
            return open(path, "w", encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(_("The report cannot be written to “%(path)s”: %(error)s")
                               % {"path": path, "error": error.strerror or error}) from None

    def progress_bar(self, options):
        """The bar (rows, rate, time left) when someone watches; its total is a first quick read."""
        if not progress.wanted(self, options):
            return nullcontext()
        try:
            total = sum(1 for _record in parse(options["file"], options["format"]).records)
        except ImportFileError:
            total = None
        return progress.bar(self, options, total=total, unit=_("rows"))

    def progress_lines(self, options):
        if options["verbosity"] >= 2:  # in logs: a line a batch
            return lambda rows: self.stderr.write(_("%(rows)d rows processed…") % {"rows": rows})
        return None

    def write_report(self, report):
        out = self.stdout
        if report.dry_run:
            out.write(_("Dry run: nothing was changed."))
        out.write(_("Created: %(created)d, updated: %(updated)d, unchanged: %(unchanged)d, rejected: %(rejected)d.")
                  % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged,
                     "rejected": len(report.rejected)})
        if report.files_attached:
            out.write(ngettext("%(count)d file attached.", "%(count)d files attached.", report.files_attached)
                      % {"count": report.files_attached})
        if report.rejected:
            out.write(_("Rejected lines:"))
            for rejection in report.rejected:
                out.write("  " + _("line %(line)d: %(reason)s") % {"line": rejection.line, "reason": rejection.reason})
        if report.missing_files:
            out.write(_("Missing files:"))
            for line, _name, message in report.missing_files:
                out.write("  " + _("line %(line)d: %(reason)s") % {"line": line, "reason": message})
        write_unknown_terms(out, report.unknown_terms)
        if report.warnings:
            out.write(_("Warnings:"))
            for line, message in report.warnings:
                out.write("  " + (_("line %(line)d: %(reason)s") % {"line": line, "reason": message}
                                  if line else message))
        if report.index is not None and report.index.failed:
            self.stderr.write(_("The search index could not be updated (%(error)s): the notices will be indexed "
                                "automatically later.") % {"error": report.index.error})
        if report.rows and report.seconds:
            out.write(_("%(rows)d rows in %(seconds).1f s (%(rate).0f rows/s).")
                      % {"rows": report.rows, "seconds": report.seconds, "rate": report.rows / report.seconds})
