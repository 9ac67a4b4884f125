"""The news listing of an ActualitesIndexPage: filters and pagination (its routes are on the page)."""
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from wagtail.images import get_image_model

from ressources.listing import paginate

from .forms import NewsFilterForm

PER_PAGE = 12
# the cards' {% picture … format-{webp,jpeg} fill-480x270 %}: WebP and its JPEG fallback, fetched with the list
THUMBNAILS = ("format-webp|fill-480x270", "format-jpeg|fill-480x270")


def filter_form(request, index):
    return NewsFilterForm(request.GET or None, queryset=index.news())


def listing(request, index):
    form = filter_form(request, index)
    images = get_image_model().objects.prefetch_renditions(*THUMBNAILS)
    news = form.filter(index.news()).prefetch_related(Prefetch("image", queryset=images))
    context = index.get_context(request)
    context.update(form=form, news=paginate(request, news, per_page=PER_PAGE),
                   selection=form.selection_labels())
    status = 400 if form.is_bound and not form.is_valid() else 200
    return TemplateResponse(request, "actualites/actualites_index_page.html", context, status=status)
