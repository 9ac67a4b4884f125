"""OCR of scanned PDFs and images: a PDF whose extraction found no text, or a scanned JPEG, PNG or TIFF (one page a
frame), gets a text layer from OCRmyPDF and Tesseract (French model), in the task worker; an image is first made a
PDF of its pages in a limited child (`ocr_runner.image_to_pdf`, at most `max_pixels` a page, never decoded beyond).

After extraction (`files_service.extract_and_store`), `after_extraction` marks such a file
`en_attente` and enqueues `ocr_file_task`; `ocr_and_store` runs OCRmyPDF in a limited child process
(`ocr_runner`), keeps the OCRed PDF in `Fichier.fichier_ocr` on the files' storage (local or S3),
extracts its text with the usual extraction (pages separated by "\\n\\f"), fills `Fichier.texte`
and reindexes the notices. The original file is never changed. A failure leaves a status
(`echec`, `trop_volumineux`) and a French detail, and the file as it was; without Tesseract the
status is `desactive` and the site works as before.
"""
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from . import indexing, ocr_admin  # noqa: F401 (ocr_admin registers the system check)
from .extraction import PDF, ExtractionStatus, extract_text
from .models import Fichier
from .models.files import OcrStatus
from .ocr_runner import configured, image_to_pdf, missing_component, run_ocr

logger = logging.getLogger(__name__)

SCANNED_IMAGES = frozenset({"image/jpeg", "image/png", "image/tiff"})
OCR_TYPES = SCANNED_IMAGES | {PDF}  # what OCR reads (the type read from the content, never from the name)


def after_extraction(fichier_id, status):
    """Called once a file's text was extracted: queue OCR for a PDF without text, forget an OCR
    made for content the file no longer has."""
    fichier = Fichier.objects.filter(pk=fichier_id).first()
    if fichier is None:
        return
    if status != ExtractionStatus.NO_TEXT or fichier.type_mime not in OCR_TYPES:
        if fichier.ocr_statut or fichier.fichier_ocr:
            forget_ocr(fichier)
        return
    queue(fichier)


def queue(fichier):
    """Mark the file for OCR and enqueue the task (or say why OCR is off). An OCRed copy made from
    earlier content is dropped: the new original is served until its own OCR is done."""
    missing = missing_component()
    old_name = fichier.fichier_ocr.name
    Fichier.objects.filter(pk=fichier.pk).update(
        ocr_statut=OcrStatus.OFF if missing else OcrStatus.PENDING, ocr_detail=missing[:255], fichier_ocr="")
    delete_stored(fichier, old_name)
    if missing:
        return
    from .tasks import ocr_file_task

    transaction.on_commit(lambda: ocr_file_task.enqueue(fichier.pk))


def forget_ocr(fichier):
    old_name = fichier.fichier_ocr.name
    Fichier.objects.filter(pk=fichier.pk).update(ocr_statut=OcrStatus.NOT_NEEDED, ocr_detail="", fichier_ocr="")
    delete_stored(fichier, old_name)


def set_status(fichier_id, status, detail):
    Fichier.objects.filter(pk=fichier_id).update(ocr_statut=status, ocr_detail=str(detail)[:255])


def ocr_and_store(fichier_id):
    """The task's work. Never raises: any failure becomes a status on the file."""
    fichier = Fichier.objects.filter(pk=fichier_id).first()
    if fichier is None:
        return None
    try:
        status = ocr_file(fichier)
    except Exception as error:  # noqa: BLE001 (a task must leave a status, whatever went wrong)
        logger.exception("OCR of file %s failed", fichier_id)
        set_status(fichier_id, OcrStatus.FAILED, _("OCR failed: %(error)s") % {"error": type(error).__name__})
        status = OcrStatus.FAILED
    if status != OcrStatus.DONE:  # its notices' pages said "in progress": refresh them (and cached pages)
        indexing.schedule(fichier.notices_liees.values_list("notice_id", flat=True))
    return status


def ocr_file(fichier):
    config = configured()
    missing = missing_component(config)
    if missing:
        set_status(fichier.pk, OcrStatus.OFF, missing)
        return OcrStatus.OFF
    too_large = size_refusal(fichier, config)
    if too_large:
        set_status(fichier.pk, OcrStatus.TOO_LARGE, too_large)
        return OcrStatus.TOO_LARGE
    with tempfile.TemporaryDirectory(prefix="crpv-ocr-") as workdir:
        image = fichier.type_mime in SCANNED_IMAGES
        source, target = Path(workdir) / ("source.image" if image else "source.pdf"), Path(workdir) / "ocr.pdf"
        copy_to(fichier, source)
        if source.stat().st_size > config.max_bytes:
            set_status(fichier.pk, OcrStatus.TOO_LARGE, bytes_refusal(config))
            return OcrStatus.TOO_LARGE
        started = time.monotonic()
        if image:
            pages = Path(workdir) / "image" / "pages.pdf"
            pages.parent.mkdir()
            run = image_to_pdf(source, pages, config, workdir)
            if not run.ok:
                return failed(fichier, run)
            source = pages
        remaining = max(config.timeout_s - (time.monotonic() - started), 1)
        run = run_ocr(source, target, config, workdir, timeout_s=remaining)
        if not run.ok:
            return failed(fichier, run)
        logger.info("OCR of file %s: ok %s", fichier.pk, run.log)
        return store_result(fichier, target)


def failed(fichier, run):
    """The status a run that did not succeed leaves: too large (pixels, pages) or failed, with its French reason."""
    logger.info("OCR of file %s: failed %s", fichier.pk, run.log)
    status = OcrStatus.TOO_LARGE if run.too_large else OcrStatus.FAILED
    set_status(fichier.pk, status, run.detail)
    return status


def size_refusal(fichier, config):
    if fichier.pages > config.max_pages:
        return _("%(pages)s pages: OCR is limited to %(limit)s pages.") % {"pages": fichier.pages,
                                                                           "limit": config.max_pages}
    if (fichier.get_file_size() or 0) > config.max_bytes:
        return bytes_refusal(config)
    return ""


def bytes_refusal(config):
    return _("The file is larger than the OCR limit (%(megabytes)s MB).") % {
        "megabytes": config.max_bytes // (1024 * 1024)}


def copy_to(fichier, path):
    with fichier.open_file() as stored, open(path, "wb") as local:
        shutil.copyfileobj(stored, local, 1024 * 1024)


def store_result(fichier, target):
    """Extract the OCRed PDF's text, keep the PDF on the storage, then fill the file's text."""
    result = extract_text(target)
    if result.status != ExtractionStatus.TEXT:
        set_status(fichier.pk, OcrStatus.FAILED, _("OCR recognised no text."))
        return OcrStatus.FAILED
    old_name = fichier.fichier_ocr.name
    with open(target, "rb") as handle:
        name = fichier.fichier_ocr.field.generate_filename(fichier, ocr_file_name(fichier))
        stored_name = fichier.fichier_ocr.storage.save(name, File(handle), max_length=100)
    Fichier.objects.filter(pk=fichier.pk).update(
        fichier_ocr=stored_name, texte=result.text, pages=result.pages, extraction_statut=ExtractionStatus.TEXT,
        extraction_detail=f"OCR; {result.detail}"[:255], ocr_statut=OcrStatus.DONE, ocr_detail="",
    )
    if old_name and old_name != stored_name:
        delete_stored(fichier, old_name)
    indexing.schedule(fichier.notices_liees.values_list("notice_id", flat=True))
    if fichier.type_mime in SCANNED_IMAGES:
        from .tasks import make_cover_task

        transaction.on_commit(lambda: make_cover_task.enqueue(fichier.pk))  # page 1 of its OCRed PDF (covers.py)
    return OcrStatus.DONE


def ocr_file_name(fichier):
    stem = Path(os.path.basename(fichier.file.name)).stem[:60] or "document"
    return f"{stem}-ocr.pdf"


def delete_stored(fichier, name):
    if not name:
        return
    try:
        fichier.fichier_ocr.storage.delete(name)
    except Exception:  # noqa: BLE001 (a stale copy left on the storage is no reason to fail)
        logger.warning("Could not delete the old OCRed copy %s", name, exc_info=True)


@receiver(post_delete, sender=Fichier)
def delete_ocr_copy(sender, instance, **kwargs):
    """A deleted file takes its OCRed copy with it (Wagtail deletes the original the same way)."""
    name = instance.fichier_ocr.name
    if name:
        transaction.on_commit(lambda: delete_stored(instance, name))


def files_to_ocr(pending=False, failed=False):
    """The files the command `ocr_files` (re)runs: PDFs and scanned images without text by default."""
    files = Fichier.objects.filter(type_mime__in=OCR_TYPES)
    statuses = []
    if pending:
        statuses += [OcrStatus.PENDING]
    if failed:
        statuses += [OcrStatus.FAILED, OcrStatus.OFF, OcrStatus.TOO_LARGE]
    if statuses:
        return files.filter(ocr_statut__in=statuses)
    return files.filter(extraction_statut=ExtractionStatus.NO_TEXT)
