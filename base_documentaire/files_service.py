"""What a file may be (checked at upload, admin and API alike) and what happens to it after upload:
read its real type, extract its text, reindex notices."""
import logging
import shutil
import tempfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from . import covers  # noqa: F401  (its receivers: a file's cover follows the file, covers.py)
from . import indexing, ocr, ocr_admin
from .extraction import DOCX, ODT, PDF, PLAIN_TEXT, ExtractionStatus, configured_limits, detect_mime, extract_text
from .models import Fichier

logger = logging.getLogger(__name__)


def after_upload(fichier):
    """Describe new content now (cheap), extract its text in the background (slow)."""
    with fichier.open_file() as handle:
        mime = detect_mime(handle.read(8192))
    Fichier.objects.filter(pk=fichier.pk).update(
        type_mime=mime, extraction_statut=ExtractionStatus.PENDING, texte="", pages=0, extraction_detail=""
    )
    fichier.mark_content_seen()
    from .tasks import extract_file_text_task

    transaction.on_commit(lambda: extract_file_text_task.enqueue(fichier.pk))


def extract_and_store(fichier_id):
    """Extract the text of a stored file (local or S3) in an isolated process and keep it."""
    fichier = Fichier.objects.filter(pk=fichier_id).first()
    if fichier is None:
        return
    with tempfile.NamedTemporaryFile(suffix=".bin") as local_copy:
        with fichier.open_file() as source:
            shutil.copyfileobj(source, local_copy, 1024 * 1024)
        local_copy.flush()
        result = extract_text(local_copy.name)
    Fichier.objects.filter(pk=fichier_id).update(
        extraction_statut=result.status, texte=result.text, pages=result.pages,
        extraction_detail=result.detail[:255],
    )
    logger.info("Extracted file %s: %s (%s)", fichier_id, result.status, result.detail)
    indexing.schedule(fichier.notices_liees.values_list("notice_id", flat=True))
    ocr.after_extraction(fichier_id, result.status)  # a scanned PDF: OCR in the background (ocr.py)
    from .tasks import make_cover_task

    make_cover_task.enqueue(fichier_id)  # page 1 as a cover (base_documentaire/covers.py)


# --- What an upload may be (the admin's uploads and the partners' API follow the same rules) ------
# Documents and media a notice points to; never markup (HTML, SVG, XML: scripts served from our
# domain) nor executables or archives.
ALLOWED_TYPES = frozenset({
    PDF, PLAIN_TEXT, DOCX, ODT, "text/csv", "application/rtf", "application/epub+zip",
    "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.presentation",
    "image/jpeg", "image/png", "image/tiff", "image/gif", "image/webp", "audio/mpeg", "audio/ogg", "video/mp4", "video/webm",
})


# An image's name promises its type: a file named .png must hold a PNG (OCR reads scanned images, ocr.py).
IMAGE_EXTENSIONS = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".tif": "image/tiff",
                    ".tiff": "image/tiff", ".gif": "image/gif", ".webp": "image/webp"}


class UploadRefused(ValueError):
    """An uploaded file the base does not take; the message is the user's, in their language."""


def check_upload(upload):
    """The real type of an upload (read from its bytes, not its name), or UploadRefused: empty,
    larger than the extraction limit, named .pdf without being one, or of a type not accepted."""
    size = getattr(upload, "size", None)
    limit = configured_limits().max_bytes
    if size is not None and size > limit:
        raise UploadRefused(_("The file is too large (at most %(size)s).") % {"size": filesizeformat(limit)})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not head:
        raise UploadRefused(_("The file is empty."))
    mime = detect_mime(head)
    name = PurePath(getattr(upload, "name", "") or "").name
    if name.lower().endswith(".pdf") and mime != PDF:
        raise UploadRefused(_("The file is named .pdf but its content is not a PDF (%(type)s).") % {"type": mime})
    extension = PurePath(name.lower()).suffix
    if extension in IMAGE_EXTENSIONS and mime != IMAGE_EXTENSIONS[extension]:
        raise UploadRefused(_("The file is named %(extension)s but its content is not such an image (%(type)s).")
                            % {"extension": extension, "type": mime})
    if mime not in ALLOWED_TYPES:
        raise UploadRefused(_("File type not accepted: %(type)s.") % {"type": mime})
    return mime


class FichierForm(BaseDocumentForm):
    """The admin's file form (WAGTAILDOCS_DOCUMENT_FORM_BASE): an upload is checked like the API's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ocr_admin.describe_on_form(self)  # the file's OCR status

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and "file" in self.changed_data:
            try:
                check_upload(upload)
            except UploadRefused as refused:
                raise ValidationError(str(refused), code="refused") from None
        return upload
