"""Absolute addresses carried by exports (permalinks, files), built from the site's configured
address (`WAGTAILADMIN_BASE_URL`), never from a request: an exported file read in another
catalogue or a reference manager must lead back to this site."""
import re

from django.conf import settings


def site_address():
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")


def absolute(url):
    """The URL as is when already absolute (S3, a CDN), else on the site's address."""
    return url if url.startswith(("http://", "https://")) else site_address() + url


def documentary_page():
    """The live documentary page the permalinks are under, or None."""
    from .models import BaseDocumentairePage

    return BaseDocumentairePage.objects.live().first()


def permalink(notice, page):
    """The notice's public page, absolute ("" without a documentary page)."""
    return absolute(page.notice_url(notice)) if page is not None else ""


def files(notice, include_private=False):
    """[(absolute URL, file name)] of the notice's files (relations loaded), private ones left out.
    The URL is Wagtail's serve view (``Fichier.url``), which checks who may download the file and
    redirects to a fresh signed address on S3: the storage's own URL expires, or is not served."""
    return [(absolute(link.fichier.url), link.fichier.file.name.rsplit("/", 1)[-1])
            for link in notice.fichiers.all() if include_private or not link.fichier.prive]


def is_permalink(url):
    """True for a notice permalink of this site (what our exports add beside the notice's links)."""
    address = site_address()
    return bool(address) and url.startswith(address + "/") and bool(re.search(r"/notices/\d+/?$", url))
