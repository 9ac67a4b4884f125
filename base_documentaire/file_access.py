"""Who may download a file of the base: files follow their notices' visibility.

- A file attached to at least one published notice is public, unless it is private.
- A file attached only to unpublished notices is served only to those who may see one of those
  drafts in the admin (the documentalists; a partner for its own centre's notices).
- A private file is served only to those who may see a notice using it, or who manage it in the
  admin (its collection: the documentalists, its own centre's partners).
- A file no notice uses (a page's document) is public unless it is private.

Anyone else gets a 404, never a 403: the answer must not tell that the file exists.
Both ways a file leaves the site go through `may_download`: Wagtail's serve view
(`/documents/<id>/<name>`, the hook `before_serve_document`, local files or a redirect to a signed,
expiring S3 address) and, on the dev server, `/media/` (`serve_media`).

Who may see a notice is the notices' permission policy's answer (reseau.contribution narrows it
for partners), so this module knows no partner.
"""
from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.views.static import serve
from wagtail.permissions import policy_registry

from .models import Fichier, Notice, NoticeFichier

NOTICE_ACTIONS = ["add", "change", "delete", "view", "publish"]
FILE_ACTIONS = ["add", "change", "delete", "choose"]
# Under MEDIA_ROOT, what the dev server serves besides files: Wagtail's images and renditions.
PUBLIC_MEDIA_PREFIXES = ("original_images/", "images/")


def is_public(fichier):
    """Served to anyone: not private, and used by a published notice or by no notice at all."""
    if fichier.prive:
        return False
    links = NoticeFichier.objects.filter(fichier=fichier)
    return not links.exists() or links.filter(notice__live=True).exists()


def may_download(user, fichier):
    if is_public(fichier):
        return True
    if user is None or not user.is_authenticated:
        return False
    return manages(user, fichier) or sees_a_notice_using(user, fichier)


def manages(user, fichier):
    """The user may manage the file in the admin (its collection's permissions)."""
    policy = policy_registry.get_by_type(Fichier)
    return policy.instances_user_has_any_permission_for(user, FILE_ACTIONS).filter(pk=fichier.pk).exists()


def sees_a_notice_using(user, fichier):
    visible = policy_registry.get_by_type(Notice).instances_user_has_any_permission_for(user, NOTICE_ACTIONS)
    return visible.filter(fichiers__fichier=fichier).exists()


def check_download(fichier, request):
    """Wagtail's hook `before_serve_document`: a file the user may not download does not exist.
    An OCRed file offered for download is served in its OCRed version (`ocr_download`)."""
    if not may_download(request.user, fichier):
        raise Http404
    ocr_download(fichier, request)


def serve_media(request, path):
    """The dev server's `/media/`: a file of the base (or its OCRed copy) is checked like on
    `/documents/`; images are served; anything else stored there (import files of the admin…) is not."""
    fichier = Fichier.objects.filter(Q(file=path) | Q(fichier_ocr=path)).first()
    if fichier is not None:
        if not may_download(request.user, fichier):
            raise Http404
    elif not path.startswith(PUBLIC_MEDIA_PREFIXES):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# --- The OCRed version (base_documentaire/ocr.py) --------------------------------------------------


def serves_ocr_version(fichier, request):
    """Visitors get the OCRed PDF when there is one and the file offers it; those who manage the file
    in the admin get the original with `?original=1`."""
    if not (fichier.telecharger_ocr and fichier.fichier_ocr):
        return False
    return not (request.GET.get("original") and manages(request.user, fichier))


def ocr_download(fichier, request):
    """When the OCRed copy is to be served, point this request's instance at it: Wagtail's serve view
    then serves it exactly as it serves the original (a redirect to a signed address on S3, streamed
    with its headers otherwise). The database row is not touched."""
    if serves_ocr_version(fichier, request):
        fichier.file = fichier.fichier_ocr.name
        fichier.file_hash = ""  # the original's hash is no ETag of the copy
