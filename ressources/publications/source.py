"""Published publications as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ressources.listing import filtered_list_url
from ressources.related import RelatedItem, RelatedSource, filter_by_vocabulary

from .queries import publications_index, published_publications


def find_publications(theme_ids, territory_ids, limit, exclude):
    found = filter_by_vocabulary(published_publications(), theme_ids, territory_ids)
    if isinstance(exclude, Page):
        found = found.exclude(pk=exclude.pk)
    items = [RelatedItem(title=item.title, url=item.url, date=item.date, kind=item.get_kind_display(),
                         summary=item.resume)
             for item in found[:limit]]
    return items, found.count()


def publications_list_url(theme_ids, territory_ids):
    return filtered_list_url(publications_index(), theme_ids, territory_ids)


PUBLICATIONS = RelatedSource(key="publications", label=_("Publications"), find=find_publications, order=20,
                             see_all=publications_list_url)
