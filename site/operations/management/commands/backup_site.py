"""manage.py backup_site FOLDER: the database, every stored file and a manifest of the counts."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from crpv_site.operations import database, files, manifest


class Command(BaseCommand):
    help = ("Sauvegarde le site dans un dossier vide : la base de données, tous les fichiers stockés "
            "(dossier local ou S3) et un manifeste des nombres de lignes et de fichiers.")

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Dossier de la sauvegarde (créé s'il n'existe pas, vide sinon).")

    def handle(self, *args, folder, **options):
        folder = Path(folder)
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(_("The folder %(folder)s is not empty.") % {"folder": folder})
        folder.mkdir(parents=True, exist_ok=True)
        try:
            counts = database.dump(folder)
            copied = files.copy_out(folder)
        except (database.DumpError, DatabaseError, OSError) as error:
            raise CommandError(_("The backup failed: %(error)s") % {"error": error}) from error
        manifest.write(folder, counts, copied, database.vendor())
        self.stdout.write(self.style.SUCCESS(
            _("Backup written to %(folder)s: %(rows)d rows in %(tables)d tables, %(files)d files.") % {
                "folder": folder, "rows": sum(counts.values()), "tables": len(counts), "files": len(copied)}))
