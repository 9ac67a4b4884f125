"""Listing and feed of a PublicationsIndexPage (its routes are on the page)."""
from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.response import TemplateResponse
from wagtail.images import get_image_model

from ressources.listing import paginate

from .forms import PublicationFilterForm

PER_PAGE = 12
# the cards' {% picture … format-{webp,jpeg} fill-320x450 %}: WebP and its JPEG fallback, fetched with the list
THUMBNAILS = ("format-webp|fill-320x450", "format-jpeg|fill-320x450")


def filter_form(request, index):
    return PublicationFilterForm(request.GET or None, queryset=index.publications())


def listing(request, index):
    form = filter_form(request, index)
    covers = get_image_model().objects.prefetch_renditions(*THUMBNAILS)
    items = form.filter(index.publications()).prefetch_related(Prefetch("cover", queryset=covers))
    context = index.get_context(request)
    context.update(form=form, publications=paginate(request, items, per_page=PER_PAGE),
                   selection=form.selection_labels())
    status = 400 if form.is_bound and not form.is_valid() else 200
    return TemplateResponse(request, "publications/publications_index_page.html", context, status=status)


def feed(request, index):
    from .feeds import PublicationsFeed

    form = filter_form(request, index)
    if form.is_bound and not form.is_valid():
        return HttpResponse(form.error_text(), status=400, content_type="text/plain; charset=utf-8")
    return PublicationsFeed(index, form)(request)
