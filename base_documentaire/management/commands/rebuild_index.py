"""Rebuild the notices index behind its alias: readers keep the old copy until the switch."""
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from base_documentaire import indexing
from base_documentaire.models import Notice


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche des notices sans interruption (bascule d'alias)."

    def handle(self, *args, **options):
        total = Notice.objects.filter(live=True).count()
        started = time.perf_counter()
        progress = ProgressBar(total, self.stdout)
        try:
            indexed = indexing.rebuild(progress=progress.update)
        except Exception as error:
            raise CommandError(_("The index could not be rebuilt: %(error)s") % {"error": error}) from error
        progress.finish()
        self.stdout.write(self.style.SUCCESS(_("%(count)d notices indexed in %(seconds).1f s.") % {
            "count": indexed, "seconds": time.perf_counter() - started}))


class ProgressBar:
    WIDTH = 40

    def __init__(self, total, stream):
        self.total, self.stream = max(total, 1), stream
        self.interactive = sys.stdout.isatty()

    def update(self, done):
        if not self.interactive and done % 10_000 and done != self.total:
            return  # in logs, one line every 10,000 notices is enough
        filled = int(self.WIDTH * min(done, self.total) / self.total)
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{self.total}"
        self.stream.write(("\r" + line) if self.interactive else line, ending="" if self.interactive else "\n")
        self.stream.flush()

    def finish(self):
        if self.interactive:
            self.stream.write("")
