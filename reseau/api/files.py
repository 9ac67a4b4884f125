"""Files sent by partners: the real type is read from the bytes (a page of HTML named .pdf is
refused), then the file is stored as the project's Wagtail document (`Fichier`), whose save
reads its type and extracts its text in the background (base_documentaire.files_service)."""
import hashlib
from pathlib import PurePath

from django.utils.translation import gettext as _

from base_documentaire.extraction import DOCX, ODT, PDF, PLAIN_TEXT, detect_mime
from base_documentaire.models import Fichier
from reseau.contribution.partners import ensure_space

from .payload import PayloadErrors

# What a partner may attach: documents and media a notice points to. Never markup (HTML, SVG,
# XML: scripts served from our domain) nor executables.
ALLOWED_TYPES = {
    PDF, PLAIN_TEXT, DOCX, ODT, "text/csv", "application/rtf", "application/epub+zip",
    "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.presentation",
    "image/jpeg", "image/png", "image/gif", "image/webp", "audio/mpeg", "audio/ogg", "video/mp4", "video/webm",
}
TITLE_MAX_LENGTH = Fichier._meta.get_field("title").max_length


def store(upload, contributeur, user, title="", private=False):
    """The `Fichier` of this upload, in the centre's files collection (the one already there with the
    same bytes, if any), so that the centre's users find it in the admin too."""
    head = upload.read(8192)
    upload.seek(0)
    mime = detect_mime(head)
    name = PurePath(upload.name or "fichier").name
    if not head:
        raise PayloadErrors({"fichier": [_("The file is empty.")]})
    if name.lower().endswith(".pdf") and mime != PDF:
        raise PayloadErrors({"fichier": [_("The file is named .pdf but its content is not a PDF (%(type)s).")
                                         % {"type": mime}]})
    if mime not in ALLOWED_TYPES:
        raise PayloadErrors({"fichier": [_("File type not accepted: %(type)s.") % {"type": mime}]})
    sha1 = _sha1(upload)
    collection = ensure_space(contributeur).collection
    existing = Fichier.objects.filter(file_hash=sha1, collection=collection).first()
    if existing is not None:
        return existing, False
    fichier = Fichier(title=(title.strip() or name)[:TITLE_MAX_LENGTH], prive=private, uploaded_by_user=user,
                      collection=collection, file_hash=sha1, file_size=upload.size)
    fichier.file.save(name, upload, save=False)
    fichier.save()  # signals: type read now, text extracted in the background
    return fichier, True


def _sha1(upload):
    digest = hashlib.sha1()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
