"""Delete the search statistics older than 13 months (run it daily: cron, or the worker loop of `--schedule`)."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from statistiques import retention, tasks


class Command(BaseCommand):
    help = "Supprime les statistiques de recherche de plus de 13 mois."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true",
            help="confie la purge au worker des tâches (db_worker), chaque jour, au lieu de purger ici")

    def handle(self, *args, **options):
        if options["schedule"]:
            self.stdout.write(tasks.schedule_next_run(first=True))
            return
        deleted = retention.purge()
        self.stdout.write(_("%(count)d daily search counters older than %(day)s deleted.") % {
            "count": deleted, "day": retention.cutoff().strftime("%d/%m/%Y")})
