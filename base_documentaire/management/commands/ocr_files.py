"""OCR the scanned PDFs and images again, here and now: those without text, or those waiting or failed."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from base_documentaire import ocr
from base_documentaire.models.files import OcrStatus
from base_documentaire.ocr_runner import missing_component


class Command(BaseCommand):
    help = ("Océrise les PDF et images numérisés (sans texte : JPEG, PNG, TIFF) ; --pending : ceux en attente ; "
            "--failed : ceux en échec, trop volumineux ou non traités faute de Tesseract.")

    def add_arguments(self, parser):
        parser.add_argument("--pending", action="store_true", help="les fichiers en attente d'OCR")
        parser.add_argument("--failed", action="store_true",
                            help="les fichiers en échec, trop volumineux ou OCR désactivé")

    def handle(self, *args, pending=False, failed=False, **options):
        missing = missing_component()
        if missing:
            self.stderr.write(_("OCR is off: %(reason)s") % {"reason": missing})
            return
        files = ocr.files_to_ocr(pending=pending, failed=failed).order_by("pk")
        counts = {}
        for fichier in files.iterator():
            status = ocr.ocr_and_store(fichier.pk)
            counts[status] = counts.get(status, 0) + 1
            label = OcrStatus(status).label if status in OcrStatus.values else status
            self.stdout.write(f"{fichier.pk} {fichier.title}: {label}")
        self.stdout.write(_("%(done)d files OCRed, %(other)d not.") % {
            "done": counts.get(OcrStatus.DONE, 0), "other": sum(counts.values()) - counts.get(OcrStatus.DONE, 0)})
