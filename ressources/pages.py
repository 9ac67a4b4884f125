"""Page queries shared by the editorial apps, with what they read once per request."""
from wagtail.models import Page

from .request_cache import cached


def public(queryset):
    """`queryset.public()`, the private sections (view restrictions) read once per request."""
    return queryset.exclude(cached("private_sections", _private_sections))


def _private_sections():
    return Page.objects.all().private_q()


def first_public(model):
    """The first published, public page of `model` in the tree (an index page), or None; once per request."""
    return cached(("first_public", model._meta.label), lambda: public(model.objects.live()).order_by("path").first())


def first_live(model):
    """The first published page of `model` (by id), or None; once per request."""
    return cached(("first_live", model._meta.label), lambda: model.objects.live().first())
