"""Which cover a notice shows, read for a whole page of notices at once.

A notice's cover is the cover of its first file (in the notice's order) that has one and is not
private. Callers show only notices the visitor may see (published ones on public pages), so a cover
appears only where its notice does: a file used only by drafts never shows its cover publicly.

`prefetch_covers(notices)` reads the covers of a list of notices and their renditions in at most
two queries (one when none has a cover), whatever the number of notices; `cover_of(notice)` then
reads nothing. Without the prefetch, `cover_of` reads one notice's cover the same way.
Notices without a cover get a typographic placeholder (`placeholder`): the type's initials and a
hue taken from the type's code (CSS classes, no image).
"""
import zlib

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model

from .covers import RENDITIONS
from .models import NoticeFichier
from .models.files import CoverStatus

ATTRIBUTE = "_crpv_cover"
HUES = 8


def prefetch_covers(notices):
    """Read the covers of these notices in one query, and their renditions in a second one when there
    are covers; returns the notices."""
    notices = [notice for notice in notices if notice is not None]
    images = first_covers([notice.pk for notice in notices])
    with_renditions(list({image.pk: image for image in images.values()}.values()))  # shared objects
    for notice in notices:
        setattr(notice, ATTRIBUTE, images.get(notice.pk))
    return notices


def first_covers(notice_ids):
    """{notice id: image} of the first file with a cover of each notice (one query)."""
    if not notice_ids:
        return {}
    links = (NoticeFichier.objects
             .filter(notice_id__in=notice_ids, fichier__prive=False, fichier__couverture__isnull=False,
                     fichier__couverture_statut=CoverStatus.DONE)
             .select_related("fichier__couverture")
             .defer("fichier__texte")  # the extracted text may weigh megabytes
             .order_by("notice_id", "sort_order", "pk"))
    covers, images = {}, {}
    for link in links:
        image = images.setdefault(link.fichier.couverture_id, link.fichier.couverture)  # one object per image
        covers.setdefault(link.notice_id, image)
    return covers


def with_renditions(images):
    """The renditions the templates use, set on the images in one query (none without images)."""
    if images:
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=RENDITIONS)
        prefetch_related_objects(images, Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions"))
    return images


def cover_of(notice):
    """The notice's cover image (renditions prefetched), or None."""
    if not hasattr(notice, ATTRIBUTE):
        prefetch_covers([notice])
    return getattr(notice, ATTRIBUTE)


def file_cover(fichiers):
    """The cover of the first of these files that has one and is not private (Fichier objects, or rows
    with a `fichier`, as a publication's files)."""
    if hasattr(fichiers, "select_related"):  # a queryset of a publication's files: one query
        fichiers = fichiers.select_related("fichier__couverture").defer("fichier__texte")
    for fichier in (getattr(item, "fichier", item) for item in fichiers):
        if fichier.couverture_id and not fichier.prive and fichier.couverture_statut == CoverStatus.DONE:
            return with_renditions([fichier.couverture])[0]
    return None


def placeholder(type_code, type_label):
    """Initials and hue class of the typographic placeholder of a document type."""
    words = [word for word in (type_label or "").replace("'", " ").split() if len(word) > 2 or word.isupper()]
    initials = "".join(word[0] for word in words[:2]).upper() or "?"
    hue = zlib.crc32((type_code or "").encode()) % HUES
    return {"initials": initials, "hue": hue, "label": type_label or ""}
