"""Harvest notices from another OAI-PMH repository (oai_dc) into the base.

    python manage.py harvest_oai URL --contributeur CODE [--set SPEC] [--from DATE] [--until DATE] [--dry-run]

The exit code is 0 when the whole list was harvested; non-zero, with a French message, when the
source could not be harvested to the end (what was read before the failure is kept).
"""
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from base_documentaire import progress
from base_documentaire.importers.report_lines import write_unknown_terms
from base_documentaire.models import Contributeur
from reseau.oai import dates
from reseau.oai.harvester import Harvester


class Command(BaseCommand):
    help = _("Harvest oai_dc records from an OAI-PMH repository into the documentary base.")

    def add_arguments(self, parser):
        parser.add_argument("url", help=_("Base URL of the OAI-PMH repository."))
        parser.add_argument("--contributeur", required=True,
                            help=_("Short code of the contributor the notices belong to."))
        parser.add_argument("--set", default="", help=_("Harvest only this set (setSpec)."))
        parser.add_argument("--from", dest="from_", default="",
                            help=_("Only records changed on or after this UTC date (YYYY-MM-DD or "
                                   "YYYY-MM-DDThh:mm:ssZ)."))
        parser.add_argument("--until", default="", help=_("Only records changed on or before this UTC date."))
        parser.add_argument("--dry-run", action="store_true", help=_("Check everything, change nothing."))
        parser.add_argument("--timeout", type=float, default=60, help=_("Seconds to wait for each answer."))
        progress.add_argument(parser)

    def handle(self, *args, **options):
        url = options["url"]
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise CommandError(_("“%(url)s” is not an http(s) address.") % {"url": url})
        contributeur = Contributeur.objects.filter(code=options["contributeur"]).first()
        if contributeur is None:
            codes = ", ".join(Contributeur.objects.values_list("code", flat=True)[:20]) or "-"
            raise CommandError(_("Unknown contributor “%(code)s”. Known codes: %(codes)s.")
                               % {"code": options["contributeur"], "codes": codes})
        self.check_dates(options["from_"], options["until"])
        with progress.bar(self, options, unit=_("records")) as bar:  # total: the source's completeListSize
            harvester = Harvester(url, contributeur, set_spec=options["set"], from_=options["from_"],
                                  until=options["until"], dry_run=options["dry_run"], timeout=options["timeout"],
                                  progress=bar.update, list_size=bar.set_total)
            report = harvester.run()
        self.write_report(report)
        if report.error and not report.read:
            raise CommandError(_("The harvest of %(url)s failed: %(error)s Nothing was changed.")
                               % {"url": url, "error": report.error})
        if report.error:
            raise CommandError(_("The harvest of %(url)s stopped: %(error)s The %(count)d records read before "
                                 "were processed as reported above; run the command again to go on.")
                               % {"url": url, "error": report.error, "count": report.read})

    def check_dates(self, start, end):
        """The repository would refuse these dates (badArgument): say it before asking it."""
        parsed = {}
        for value in (start, end):
            if value:
                parsed[value] = dates.parse(value)
                if parsed[value] is None:
                    raise CommandError(_("“%(value)s” is not a UTC date YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")
                                       % {"value": value})
        if start and end:
            if parsed[start].granularity != parsed[end].granularity:
                raise CommandError(_("“from” and “until” must have the same granularity."))
            if parsed[start].value > parsed[end].value:
                raise CommandError(_("“from” is later than “until”."))

    def write_report(self, report):
        out, imported = self.stdout, report.imported
        if imported.dry_run:
            out.write(_("Dry run: nothing was changed."))
        out.write(_("Records read: %(count)d.") % {"count": report.read})
        out.write(_("Created: %(created)d, updated: %(updated)d, unchanged: %(unchanged)d, deleted: %(deleted)d, "
                    "rejected: %(rejected)d.")
                  % {"created": imported.created, "updated": imported.updated, "unchanged": imported.unchanged,
                     "deleted": report.deleted, "rejected": len(imported.rejected)})
        if imported.rejected:
            out.write(_("Rejected records:"))
            for rejection in imported.rejected:
                out.write("  " + _("%(identifier)s: %(reason)s")
                          % {"identifier": rejection.external_id, "reason": rejection.reason})
        write_unknown_terms(out, imported.unknown_terms)
        if imported.warnings:
            out.write(_("Warnings:"))
            for line, message in imported.warnings:
                out.write("  " + _("%(identifier)s: %(reason)s")
                          % {"identifier": report.identifiers.get(line, "-"), "reason": message})
        if imported.index is not None and imported.index.failed:
            self.stderr.write(_("The search index could not be updated (%(error)s): the notices will be indexed "
                                "automatically later.") % {"error": imported.index.error})
