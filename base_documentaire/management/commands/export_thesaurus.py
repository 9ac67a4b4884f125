"""Export the thesaurus of thèmes as SKOS (Turtle or RDF/XML), to a file or the standard output."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from base_documentaire.skos import FORMATS, export_thesaurus


class Command(BaseCommand):
    help = "Exporte le thésaurus des thèmes en SKOS (Turtle ou RDF/XML)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), default="turtle",
                            help="turtle (par défaut) ou xml (RDF/XML).")
        parser.add_argument("-o", "--output", help="Fichier à écrire (par défaut : la sortie standard).")

    def handle(self, *args, format, output, **options):
        data = export_thesaurus(format)
        if not output:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": output, "error": error}) from error
        self.stderr.write(_("Thesaurus exported to %(path)s.") % {"path": output})
