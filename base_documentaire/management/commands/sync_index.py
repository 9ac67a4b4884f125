"""Retry the index updates that an engine outage left pending (run it from cron or a timer)."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from base_documentaire import indexing


class Command(BaseCommand):
    help = "Rejoue les mises à jour de l'index restées en attente (moteur indisponible)."

    def handle(self, *args, **options):
        while True:
            pending_before, _age = indexing.backlog()
            if not pending_before:
                break
            report = indexing.sync()
            if report.failed:
                self.stderr.write(_("The engine still refuses updates: %(error)s") % {"error": report.error})
                return
        pending, age = indexing.backlog()
        self.stdout.write(_("Index up to date; %(pending)d updates pending.") % {"pending": pending})
