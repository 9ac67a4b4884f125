"""Covers in templates: `{% include "base_documentaire/includes/cover.html" %}` with `notice` (or
`cover_files`, a publication's files) in the context, and optionally `cover_size` ("list", "page"
or "mail"), `cover_alt` (default "": the title is beside the cover) and `cover_lazy`.

- `notice_cover`: the notice's cover as a <picture> (WebP, JPEG fallback, width and height set),
  or a typographic placeholder of its document type (CSS only, hidden from screen readers: the
  type is written beside it).
- `prefetch_item_covers rubriques`: a bulletin's covers in a fixed number of queries.
- `mail_cover_url image`: the JPEG for e-mails, at a lasting absolute address (Wagtail's signed
  serve view, which redirects to the stored rendition: a signed S3 address would expire).
"""
from django import template
from wagtail.images.views.serve import generate_image_url

from crpv_site.mail import absolute_url

from ..covers import SIZES
from ..covers_display import ATTRIBUTE, cover_of, file_cover, placeholder, prefetch_covers

register = template.Library()

# Displayed size in CSS pixels (half the rendition: sharp on high-density screens).
DISPLAY_WIDTH = {"list": 80, "page": 200, "mail": 120}


@register.inclusion_tag("base_documentaire/includes/cover_picture.html")
def notice_cover(notice=None, size="list", alt="", lazy=None, files=None):
    size = size if size in SIZES else "list"
    image = file_cover(files) if files else (cover_of(notice) if notice else None)
    context = {"size": size, "spec": SIZES[size], "alt": alt or "",
               "lazy": size == "list" if lazy in (None, "") else bool(lazy), "image": image}
    if image is None and notice:
        context["placeholder"] = placeholder(notice.type_document_id, notice.get_type_document_display())
    return context


@register.simple_tag
def prefetch_item_covers(rubriques):
    """Read the covers of every notice of a bulletin's rubriques at once; renders nothing."""
    notices = [item.get("notice") for rubrique in rubriques or () for item in rubrique.get("items", ())]
    # A bulletin's e-mails share their notices: read once for all its subscribers.
    prefetch_covers([notice for notice in notices if notice is not None and not hasattr(notice, ATTRIBUTE)])
    return ""


@register.simple_tag
def mail_cover(notice):
    """{"url", "width", "height"} of the notice's cover for an e-mail (JPEG), or None."""
    image = cover_of(notice)
    if image is None:
        return None
    spec = f"{SIZES['mail']}|format-jpeg"
    rendition = image.get_rendition(spec)
    return {"url": absolute_url(generate_image_url(image, spec, viewname="cover_image")),
            "width": rendition.width // 2, "height": rendition.height // 2}
