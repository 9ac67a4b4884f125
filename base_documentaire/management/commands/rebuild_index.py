"""Rebuild the search indices: the notices behind their alias (readers keep the old copy until the
switch), then Wagtail's own (pages, images, files) with its update_index. On a new cluster this
is the command that creates them all with the French analysis."""
import io
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from base_documentaire import indexing, progress
from crpv_site import cache as content
from base_documentaire.models import Notice


class Command(BaseCommand):
    help = ("Reconstruit sans interruption l'index de recherche des notices (bascule d'alias), "
            "puis celui des pages, images et fichiers.")

    def add_arguments(self, parser):
        parser.add_argument("--notices-only", action="store_true", help="Ne reconstruit que l'index des notices.")
        progress.add_argument(parser)

    def handle(self, *args, notices_only=False, **options):
        total = Notice.objects.filter(live=True).count()
        started = time.perf_counter()
        try:
            with progress.bar(self, options, total=total, unit=_("notices")) as bar:
                indexed = indexing.rebuild(progress=bar.update)
        except Exception as error:
            raise CommandError(_("The index could not be rebuilt: %(error)s") % {"error": error}) from error
        self.stdout.write(self.style.SUCCESS(_("%(count)d notices indexed in %(seconds).1f s.") % {
            "count": indexed, "seconds": time.perf_counter() - started}))
        if not notices_only:
            self.rebuild_pages()
            content.bump()  # the site search's pages come from Wagtail's indices too (page cache)

    def rebuild_pages(self):
        started = time.perf_counter()
        try:
            call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
        except Exception as error:
            raise CommandError(_("The index of the pages could not be rebuilt: %(error)s") % {"error": error}) from error
        self.stdout.write(self.style.SUCCESS(_("Pages, images and files indexed in %(seconds).1f s.") % {
            "seconds": time.perf_counter() - started}))

