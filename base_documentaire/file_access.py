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
    """Wagtail's hook `before_serve_document`: a file the user may not download does not exist."""
    if not may_download(request.user, fichier):
        raise Http404


def serve_media(request, path):
    """The dev server's `/media/`: a file of the base is checked like on `/documents/`; images are
    served; anything else stored there (import files of the admin…) is not."""
    fichier = Fichier.objects.filter(file=path).first()
    if fichier is not None:
        check_download(fichier, request)
    elif not path.startswith(PUBLIC_MEDIA_PREFIXES):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
