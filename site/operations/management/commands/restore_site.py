"""manage.py restore_site FOLDER: a backup into an empty database and storage, the search
indices rebuilt, then every count checked against the backup's manifest."""
import io

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from crpv_site.operations import database, files, manifest


class Command(BaseCommand):
    help = ("Restaure une sauvegarde de backup_site dans une base de données vide (créée, jamais migrée) "
            "et son stockage, reconstruit les index de recherche puis vérifie les nombres du manifeste.")

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Dossier écrit par backup_site.")

    def handle(self, *args, folder, **options):
        try:
            expected = manifest.read(folder)
        except (OSError, ValueError) as error:
            raise CommandError(_("No readable backup in %(folder)s: %(error)s") % {
                "folder": folder, "error": error}) from error
        if expected["database"] != database.vendor():
            raise CommandError(_("This backup is of a %(backup)s database, the site runs on %(site)s.") % {
                "backup": expected["database"], "site": database.vendor()})
        try:
            counts = database.restore(folder)
            restored = files.copy_in(folder)
        except (database.DumpError, DatabaseError, OSError) as error:
            raise CommandError(_("The restore failed: %(error)s") % {"error": error}) from error
        self.check_counts(expected, counts, restored)  # before anything writes to the restored site
        call_command("createcachetable")  # the database cache's table, when the backed-up site had none
        call_command("rebuild_index", stdout=io.StringIO(), no_progress=True)
        self.stdout.write(self.style.SUCCESS(_("Restored and checked: %(tables)d tables, %(files)d files; "
                                               "search indices rebuilt.") % {
            "tables": len(expected["tables"]), "files": len(restored)}))

    def check_counts(self, expected, counts, restored):
        differences = manifest.differences(expected["tables"], counts)
        if len(restored) != expected["files"]["count"]:
            differences.append(("files", expected["files"]["count"], len(restored)))
        if differences:
            lines = "\n".join(f"  {label}: {rows} → {found}" for label, rows, found in differences)
            raise CommandError(_("The restored site differs from the backup:\n%(lines)s") % {"lines": lines})
