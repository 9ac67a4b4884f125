"""Load régions, départements, EPCI and communes from @etalab/decoupage-administratif (safe to run twice)."""
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from base_documentaire import progress
from base_documentaire import territoires_loader as loader


class Command(BaseCommand):
    help = (
        "Charge les régions, départements, EPCI et communes du paquet npm officiel "
        f"{loader.PACKAGE} (version {loader.PACKAGE_VERSION}), installé si besoin. Relançable sans risque."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--regions", default="",
            help="Codes des régions à charger, séparés par des virgules (ex. 53,52,76,11) ; toutes par défaut.",
        )
        parser.add_argument(
            "--data-dir",
            help="Dossier contenant les data/*.json du paquet (sinon installation npm dans "
                 "${CRPV_CACHE:-~/.cache/crpv}/npm).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Calcule le bilan sans rien enregistrer.")
        progress.add_argument(parser)

    def handle(self, *args, regions, data_dir, dry_run, **options):
        started = time.monotonic()
        codes = [code.strip() for code in regions.split(",") if code.strip()]
        try:
            if data_dir:
                folder = loader.resolve_data_dir(data_dir)
            else:
                folder = loader.ensure_package()
            with progress.bar(self, options, unit="territoires") as bar:
                report = loader.load(folder, regions=codes or None, dry_run=dry_run,
                                     progress=lambda done, total: (bar.set_total(total), bar.update(done)))
        except loader.LoaderError as error:
            raise CommandError(str(error)) from error

        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
        labels = {
            loader.N.REGION: _("Regions"),
            loader.N.DEPARTEMENT: _("Départements"),
            loader.N.EPCI: _("EPCI"),
            loader.N.COMMUNE: _("Communes"),
        }
        for level, counts in report.levels.items():
            self.stdout.write(_("%(level)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
                "level": labels[level], "created": counts.created, "updated": counts.updated,
                "unchanged": counts.unchanged})
        self.stdout.write(_("Hierarchy links: %(added)d added, %(removed)d removed") % {
            "added": report.links_added, "removed": report.links_removed})
        if report.notices_reindexed:
            self.stdout.write(_("Notices to re-index: %(count)d") % {"count": report.notices_reindexed})
        self.stdout.write(self.style.SUCCESS(_("%(count)d territories loaded in %(seconds).1f s.") % {
            "count": report.total, "seconds": time.monotonic() - started}))
