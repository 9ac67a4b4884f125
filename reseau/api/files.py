"""Files sent by partners: the real type is read from the bytes (a page of HTML named .pdf is
refused), then the file is stored as the project's Wagtail document (`Fichier`), whose save
reads its type and extracts its text in the background (base_documentaire.files_service, which
also holds the types accepted, for the admin's uploads too)."""
import hashlib
from pathlib import PurePath

from base_documentaire.files_service import UploadRefused, check_upload
from base_documentaire.models import Fichier
from reseau.contribution.partners import ensure_space

from .payload import PayloadErrors

TITLE_MAX_LENGTH = Fichier._meta.get_field("title").max_length


def store(upload, contributeur, user, title="", private=False):
    """The `Fichier` of this upload, in the centre's files collection (the one already there with the
    same bytes, if any), so that the centre's users find it in the admin too."""
    try:
        check_upload(upload)  # the admin's uploads follow the same rules
    except UploadRefused as refused:
        raise PayloadErrors({"fichier": [str(refused)]}) from None
    name = PurePath(upload.name or "fichier").name
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
