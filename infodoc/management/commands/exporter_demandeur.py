"""Print (or write) every request, note and answer held for one requester's e-mail, as JSON."""
from django.core.management.base import BaseCommand, CommandError

from infodoc import rgpd


class Command(BaseCommand):
    help = "Exporte en JSON toutes les données info-doc d'un demandeur (par adresse e-mail)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", "-o", help="Fichier de sortie (par défaut : la sortie standard).")

    def handle(self, *args, email, output, **options):
        if not rgpd.requests_of(email).exists():
            raise CommandError(f"Aucune demande pour l'adresse {email}.")
        data = rgpd.export_requester_json(email)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(data)
            self.stdout.write(self.style.SUCCESS(f"Export écrit dans {output}."))
        else:
            self.stdout.write(data)
