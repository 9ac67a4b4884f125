"""Anonymise the info-doc requests older than the retention period (InfoDocSettings)."""
from django.core.management.base import BaseCommand

from infodoc import rgpd
from infodoc.models.settings import infodoc_settings


class Command(BaseCommand):
    help = ("Anonymise les demandes info-doc plus anciennes que la durée de conservation : seuls les champs "
            "statistiques sont conservés.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compte les demandes sans les modifier.")
        parser.add_argument("--mois", type=int, default=None,
                            help="Durée de conservation en mois (par défaut : le réglage du site).")

    def handle(self, *args, dry_run, mois, **options):
        months = mois if mois is not None else infodoc_settings().duree_conservation_mois
        due = rgpd.due_for_anonymisation(months)
        limit = rgpd.retention_limit(months)
        if dry_run:
            self.stdout.write(f"{due.count()} demande(s) reçue(s) avant le {limit:%d/%m/%Y} seraient anonymisées "
                              f"(conservation : {months} mois). Aucune modification (--dry-run).")
            return
        count = rgpd.anonymise(due)
        self.stdout.write(self.style.SUCCESS(f"{count} demande(s) reçue(s) avant le {limit:%d/%m/%Y} anonymisée(s) "
                                             f"(conservation : {months} mois)."))
