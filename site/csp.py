"""The Content-Security-Policy middleware: django-csp's, plus what the settings cannot know in advance.

- Files: when they live on another origin (S3, MinIO, a CDN), images come from there: that origin is added to
  img-src, read from the storage's own URLs so that it always matches what the pages show.
- Public pages may not be framed at all (frame-ancestors 'none'), except in the editors' preview: Wagtail renders
  it through a dummy request to the page's own address (request.is_dummy), shown in the admin's frame ('self').
- Wagtail's admin (/admin/ only) writes inline scripts (each InlinePanel, the StreamField and rich-text editors,
  the choosers' modal responses) and inline styles: there, and only there, script-src and style-src allow
  'unsafe-inline' (without the nonce, which would cancel it). It also previews uploaded images as blob: URLs,
  shows editors' Gravatar (WAGTAIL_GRAVATAR_PROVIDER_URL; None turns it off) and asks releases.wagtail.org for
  a newer version (WAGTAIL_ENABLE_UPDATE_CHECK): those origins are allowed there only, and only while enabled.
"""
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.functional import LazyObject, empty

ADMIN_PREFIX = "/admin/"
ADMIN_RELAXATIONS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}
PREVIEW_RELAXATIONS = {"frame-ancestors": [SELF]}
ADMIN_IMAGE_SOURCES = ["blob:"]
WAGTAIL_RELEASES = "https://releases.wagtail.org"
_origins = WeakKeyDictionary()


def url_origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def storage_origin(storage=default_storage):
    """Origin of the files' URLs when it is not this site's (None for local files under MEDIA_URL)."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    if storage not in _origins:
        _origins[storage] = url_origin(storage.url("csp-origin"))
    return _origins[storage]


def gravatar_source():
    """Wagtail's Gravatar host ("//www.gravatar.com/avatar": no scheme, so the page's own), None when off."""
    provider = getattr(settings, "WAGTAIL_GRAVATAR_PROVIDER_URL", "//www.gravatar.com/avatar")
    return urlsplit(provider).netloc or None if provider else None


def admin_additions():
    images = [*ADMIN_IMAGE_SOURCES, *filter(None, [gravatar_source()])]
    connections = [WAGTAIL_RELEASES] if getattr(settings, "WAGTAIL_ENABLE_UPDATE_CHECK", True) else []
    return {"img-src": images, "connect-src": connections}


def is_admin(request):
    return request.path_info.startswith(ADMIN_PREFIX)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        additions = {"img-src": [origin] if (origin := storage_origin()) else []}
        if getattr(request, "is_dummy", False):  # a preview, with the public page's policy otherwise
            parts.replace = {**PREVIEW_RELAXATIONS, **(parts.replace or {})}
        if is_admin(request):
            parts.replace = {**ADMIN_RELAXATIONS, **(parts.replace or {})}
            parts.nonce = None  # a nonce would make browsers ignore 'unsafe-inline'
            for directive, sources in admin_additions().items():
                additions[directive] = additions.get(directive, []) + sources
        update = dict(parts.update or {})
        for directive, sources in additions.items():
            if sources:
                update[directive] = [*update.get(directive, []), *sources]
        parts.update = update or None
        return parts
