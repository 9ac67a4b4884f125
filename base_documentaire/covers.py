"""Covers of the base's files: page 1 of a PDF rendered once, in the task worker, as a Wagtail image.

`make_cover(fichier_id)` (run by `tasks.make_cover_task` after the text extraction, and by
`manage.py make_covers`) copies the stored file (local or S3) to a temporary file, renders its
first page in a child process (`covers_worker`, under the extraction's limits: `PDF_EXTRACTION`),
stores the JPEG as a Wagtail image in the collection "Couvertures" (no group has a permission on
it, so no partner's chooser lists it) and makes every rendition the pages use (`RENDITIONS`), so
a page never renders an image. A scanned image (JPEG, PNG, TIFF) gets the first page of its OCRed PDF
once OCR made it (`ocr.store_result` asks again). Its status (`Fichier.couverture_statut`): faite; sans
(no file, neither a PDF nor an OCRed scan, or a private file); echec (the reason is logged). Hostile files
never raise here.

Privacy: a private file gets no cover (an existing one is deleted as soon as the file is saved
private; a deleted file takes its cover with it: the receivers below); a file used only by drafts
gets one, shown only where a published notice using it is shown (`cover_display`). Image names
carry a random token (`couverture-<32 hex>.jpg`), so neither the original nor its renditions'
addresses can be guessed from a file or a notice; on S3 they are signed like the files.
"""
import json
import logging
import math
import secrets
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Collection

from crpv_site.storage_outage import is_storage_outage

from .extraction import PDF, PROJECT_ROOT, configured_limits, detect_mime, exit_description, last_line, \
    worker_environment
from .models import Fichier
from .models.files import CoverStatus
from .ocr import SCANNED_IMAGES

logger = logging.getLogger(__name__)

COLLECTION_NAME = "Couvertures"
# The size page 1 is rendered at: twice the largest size shown (the notice page's 200 px wide cover).
RENDER_BOX = (600, 850)
# Filter specs of the sizes the templates show, each in WebP with a JPEG fallback (e-mails: JPEG only).
SIZES = {
    "list": "max-160x226",  # results and basket: shown 80 px wide
    "page": "max-400x566",  # notice page and publication page: shown 200 px wide
    "mail": "max-240x340",  # bulletins (page and e-mail): shown 120 px wide
}
FORMATS = ("webp", "jpeg")
RENDITIONS = tuple(f"{spec}|format-{fmt}" for spec in SIZES.values() for fmt in FORMATS)


@dataclass(frozen=True)
class RenderResult:
    status: str  # a CoverStatus value
    width: int
    height: int
    detail: str  # short technical reason, in English, for logs


# --- Making a cover ------------------------------------------------------------------------------


def make_cover(fichier_id):
    """Make (or remake) the cover of a stored file; returns its CoverStatus, None if the file is gone."""
    fichier = Fichier.objects.filter(pk=fichier_id).first()
    if fichier is None:
        return None
    reason = no_cover_reason(fichier)
    if reason:
        return store_outcome(fichier, CoverStatus.NONE, None, reason)
    try:
        return render_and_store(fichier)
    except Exception as error:
        if not (isinstance(error, OSError) or is_storage_outage(error)):
            raise
        # Storage unreachable or full: the file keeps waiting (make_covers --missing takes it again).
        logger.warning("Cover of file %s not made, storage failed: %s", fichier.pk, error)
        return CoverStatus.PENDING


def render_and_store(fichier):
    with tempfile.TemporaryDirectory(prefix="crpv-cover-") as folder:
        source, out = Path(folder) / "source.pdf", Path(folder) / "cover.jpg"
        if not copy_to_local(open_cover_source(fichier), source):
            return store_outcome(fichier, CoverStatus.FAILED, None, "larger than PDF_EXTRACTION's max_bytes")
        result = render_first_page(source, out)
        if result.status != CoverStatus.DONE:
            return store_outcome(fichier, result.status, None, result.detail)
        image = store_image(fichier, out)
    return store_outcome(fichier, CoverStatus.DONE, image, result.detail)


def no_cover_reason(fichier):
    """Why this file gets no cover (English, for logs), or "" when it may have one."""
    if fichier.prive:
        return "private file"
    if not fichier.file:
        return "no file"
    mime = fichier.type_mime
    if not mime:
        try:
            with fichier.open_file() as handle:
                mime = detect_mime(handle.read(8192))
        except OSError as error:
            return f"cannot read file: {error}"
    if mime in SCANNED_IMAGES:
        return "" if fichier.fichier_ocr else "scanned image without its OCRed PDF (yet)"
    return "" if mime == PDF else f"{mime} content, not a PDF"


def open_cover_source(fichier):
    """The PDF whose page 1 is the cover, opened: the file itself, or a scanned image's OCRed PDF."""
    if fichier.type_mime in SCANNED_IMAGES and fichier.fichier_ocr:
        return fichier.fichier_ocr.storage.open(fichier.fichier_ocr.name, "rb")
    return fichier.open_file()


def copy_to_local(opened, target):
    """Copy an opened stored file; False, reading no further, when it is larger than the extraction's limit."""
    limit = configured_limits().max_bytes
    with opened as source, open(target, "wb") as local:
        while chunk := source.read(1024 * 1024):
            local.write(chunk)
            if local.tell() > limit:
                return False
    return True


def store_outcome(fichier, status, image, detail):
    old_image_id = fichier.couverture_id
    Fichier.objects.filter(pk=fichier.pk).update(couverture=image, couverture_statut=status)
    if old_image_id and old_image_id != getattr(image, "pk", None):
        delete_image(old_image_id)
    log = logger.warning if status == CoverStatus.FAILED else logger.info
    log("Cover of file %s: %s (%s)", fichier.pk, status, detail)
    return status


def delete_image(image_id):
    """An old cover and its renditions, files included (Wagtail's signals delete them)."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        image.delete()


# --- The child process ----------------------------------------------------------------------------


def render_first_page(path, out, *, box=RENDER_BOX):
    """Page 1 of the PDF at `path` as a JPEG at `out`, rendered in a child process killed after the
    extraction's timeout. Never raises."""
    limits = configured_limits()
    size = Path(path).stat().st_size
    if size == 0:
        return RenderResult(CoverStatus.FAILED, 0, 0, "empty file")
    if size > limits.max_bytes:
        return RenderResult(CoverStatus.FAILED, 0, 0, f"{size} bytes, limit {limits.max_bytes}")
    job = {"path": str(Path(path).resolve()), "out": str(Path(out).resolve()), "max_width": box[0],
           "max_height": box[1], "memory_mb": limits.memory_mb, "cpu_s": math.ceil(limits.timeout_s) + 1}
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "base_documentaire.covers_worker"], input=json.dumps(job).encode(),
            capture_output=True, timeout=limits.timeout_s, env=worker_environment(), cwd=PROJECT_ROOT)
    except subprocess.TimeoutExpired:
        return RenderResult(CoverStatus.FAILED, 0, 0, f"timeout: renderer killed after {limits.timeout_s} s")
    except OSError as error:
        return RenderResult(CoverStatus.FAILED, 0, 0, f"cannot start renderer: {error}")
    if completed.returncode != 0:
        return RenderResult(CoverStatus.FAILED, 0, 0, f"{exit_description(completed.returncode)} "
                            f"(memory limit {limits.memory_mb} MB): {last_line(completed.stderr)}")
    return parse_output(completed.stdout, out)


def parse_output(stdout, out):
    try:
        payload = json.loads(stdout.decode("utf-8"))
        status = CoverStatus(payload["status"])
        width, height, detail = int(payload["width"]), int(payload["height"]), str(payload["detail"])
    except (ValueError, KeyError, TypeError) as error:
        return RenderResult(CoverStatus.FAILED, 0, 0, f"unreadable renderer output: {error}")
    if status == CoverStatus.DONE and not Path(out).is_file():
        return RenderResult(CoverStatus.FAILED, 0, 0, "renderer wrote no image")
    return RenderResult(status, width, height, detail)


# --- Storing it as a Wagtail image ----------------------------------------------------------------


def cover_collection():
    """The collection "Couvertures", made on demand under the root (no group gets a permission on it)."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def store_image(fichier, path):
    """A new Wagtail image of the cover, with every rendition the pages use."""
    image_model = get_image_model()
    name = f"couverture-{secrets.token_hex(16)}.jpg"
    with open(path, "rb") as handle:
        image = image_model(title=f"Couverture : {fichier.title}"[:255], collection=cover_collection())
        image.file = File(handle, name=name)
        image._set_image_file_metadata()
        image.save()
    # A new image has no rendition: make them all (get_renditions would first look in the renditions' cache).
    image.create_renditions(*(Filter(spec=spec) for spec in RENDITIONS))
    return image


# --- A cover follows its file ---------------------------------------------------------------------


@receiver(post_save, sender=Fichier)
def drop_cover_of_private_file(sender, instance, raw=False, **kwargs):
    """A file made private loses its cover at once (image and renditions deleted from the storage)."""
    if instance.prive and not raw:
        fichier_id = instance.pk
        transaction.on_commit(lambda: make_cover(fichier_id))


@receiver(post_delete, sender=Fichier)
def delete_cover_with_file(sender, instance, **kwargs):
    image_id = instance.couverture_id
    if image_id:
        transaction.on_commit(lambda: delete_image(image_id))
