"""What happens to a file after upload: read its real type, extract its text, reindex notices."""
import logging
import shutil
import tempfile

from django.db import transaction

from . import indexing
from .extraction import ExtractionStatus, detect_mime, extract_text
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
