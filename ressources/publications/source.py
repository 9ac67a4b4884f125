"""Published publications as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ressources.listing import filtered_list_url
from ressources.related import RelatedItem, RelatedSource
from ressources.related_query import first_of_each

from .queries import NEWEST_FIRST, publications_index, published_publications


def find_publications(theme_ids, territory_ids, limit, exclude):
    return find_each_publications([(theme_ids, territory_ids)], limit, exclude)[0]


def find_each_publications(selections, limit, exclude):
    found = published_publications()
    if isinstance(exclude, Page):
        found = found.exclude(pk=exclude.pk)
    return [([_item(item) for item in chosen], total)
            for chosen, total in first_of_each(found, selections, NEWEST_FIRST, limit)]


def _item(item):
    return RelatedItem(title=item.title, url=item.url, date=item.date, kind=item.get_kind_display(),
                       summary=item.resume)


def publications_list_url(theme_ids, territory_ids):
    return filtered_list_url(publications_index(), theme_ids, territory_ids)


PUBLICATIONS = RelatedSource(key="publications", label=_("Publications"), find=find_publications, order=20,
                             see_all=publications_list_url, find_each=find_each_publications)
