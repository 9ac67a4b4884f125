"""Import a SKOS thesaurus (RDF/XML or Turtle, told by its content) into the thèmes."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from base_documentaire.skos import SkosError
from base_documentaire.skos_import import import_thesaurus


class Command(BaseCommand):
    help = ("Importe un thésaurus SKOS (RDF/XML ou Turtle) dans les thèmes : crée et met à jour, "
            "ne supprime rien ; relançable sans effet.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier SKOS (RDF/XML ou Turtle).")
        parser.add_argument("--dry-run", action="store_true", help="Calcule le bilan sans rien enregistrer.")

    def handle(self, *args, file, dry_run, **options):
        try:
            with open(file, "rb") as stream:
                report = import_thesaurus(stream, dry_run=dry_run)
        except OSError as error:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": file, "error": error.strerror}) \
                from error
        except SkosError as error:
            raise CommandError(str(error)) from error
        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
        lines = report.lines()
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
