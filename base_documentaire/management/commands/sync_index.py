"""Retry the index updates that an engine outage left pending (run it from cron or a timer)."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from base_documentaire import indexing
from crpv_site import cache as content


class Command(BaseCommand):
    help = "Rejoue les mises à jour de l'index restées en attente (moteur indisponible)."

    def handle(self, *args, **options):
        while True:
            pending_before, _age = indexing.backlog()
            if not pending_before:
                break
            report = indexing.sync()
            content.bump()  # the pages built from the old index (page cache) are stale
            if report.failed:
                self.stderr.write(_("The engine still refuses updates: %(error)s") % {"error": report.error})
                return
        pending, age = indexing.backlog()
        self.stdout.write(_("Index up to date; %(pending)d updates pending.") % {"pending": pending})
