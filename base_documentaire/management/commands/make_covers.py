"""Make the covers of files stored before covers existed (`--missing`, the default), or of every file
(`--all`, e.g. after changing the sizes in base_documentaire/covers.py). Files are read one at a time;
each is rendered in a child process, as the task worker does."""
import time

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils.translation import gettext as _

from base_documentaire.covers import make_cover
from base_documentaire.models import Fichier
from base_documentaire.models.files import CoverStatus


class Command(BaseCommand):
    help = ("Fabrique les couvertures (première page des PDF) des fichiers qui n'en ont pas encore "
            "(--missing, par défaut) ou de tous les fichiers (--all).")

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--missing", action="store_true",
                           help="seulement les fichiers en attente de couverture (par défaut)")
        which.add_argument("--all", action="store_true", help="tous les fichiers, couvertures refaites")

    def handle(self, *args, **options):
        files = Fichier.objects.all()
        if not options["all"]:
            files = files.filter(Q(couverture_statut=CoverStatus.PENDING)
                                 | Q(couverture_statut=CoverStatus.DONE, couverture__isnull=True))
        counts = {status: 0 for status in CoverStatus}
        started = time.monotonic()
        for fichier_id in files.order_by("pk").values_list("pk", flat=True):
            status = make_cover(fichier_id)
            if status is not None:
                counts[CoverStatus(status)] += 1
        self.stdout.write(_(
            "Covers made: %(done)d; without cover: %(none)d; failed: %(failed)d; still waiting (storage "
            "unavailable): %(pending)d; in %(seconds).1f s.") % {
            "done": counts[CoverStatus.DONE], "none": counts[CoverStatus.NONE],
            "failed": counts[CoverStatus.FAILED], "pending": counts[CoverStatus.PENDING],
            "seconds": time.monotonic() - started})
