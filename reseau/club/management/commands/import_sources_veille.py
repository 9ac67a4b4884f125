"""manage.py import_sources_veille FILE: the agreed source rota from a CSV file (see rota_import)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reseau.club.rota_import import RotaFileError, import_rota


class Command(BaseCommand):
    help = "Import the club de veille's source rota from a CSV file (nom, url, nature, centre, depuis, jusqu_au, note)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            report = import_rota(Path(path).read_bytes())
        except OSError as error:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}) from None
        except RotaFileError as error:
            raise CommandError(str(error)) from None
        for line, reasons in report.errors:
            self.stderr.write(_("Line %(line)s") % {"line": line} + " : " + " ".join(reasons))
        self.stdout.write(_("Created: %(created)s, updated: %(updated)s, rejected lines: %(errors)s.") % {
            "created": len(report.created), "updated": len(report.updated), "errors": len(report.errors)})
