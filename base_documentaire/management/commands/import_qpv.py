"""Import the quartiers prioritaires (QPV) from a CSV file: code_qpv, nom, communes."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from base_documentaire.qpv_import import QpvImportError, import_qpv


class Command(BaseCommand):
    help = (
        "Importe les quartiers prioritaires (QPV) d'un fichier CSV aux colonnes code_qpv, nom, communes "
        "(codes INSEE séparés par « | » ou « , »). "
        "Les communes doivent déjà être chargées (load_territoires)."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="Fichier CSV (séparateur « ; » ou « , », UTF-8 ou Latin-1).")
        parser.add_argument("--dry-run", action="store_true", help="Vérifie le fichier sans rien enregistrer.")

    def handle(self, *args, csv_file, dry_run, **options):
        try:
            report = import_qpv(csv_file, dry_run=dry_run)
        except QpvImportError as error:
            raise CommandError(str(error)) from error

        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
        for problem in report.warnings:
            self.stdout.write(self.style.WARNING(_("Warning, %(problem)s") % {"problem": problem}))
        for problem in report.rejected:
            self.stdout.write(self.style.ERROR(_("Rejected, %(problem)s") % {"problem": problem}))
        summary = _("QPV: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(rejected)d rejected") % {
            "created": len(report.created), "updated": len(report.updated), "unchanged": len(report.unchanged),
            "rejected": len(report.rejected)}
        style = self.style.ERROR if report.rejected else self.style.SUCCESS
        self.stdout.write(style(summary))
