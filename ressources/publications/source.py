"""Published publications as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from base_documentaire.models import Territoire, Theme
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
    index = publications_index()
    if index is None:
        return ""
    params = [("theme", name) for name in Theme.objects.filter(pk__in=theme_ids or ()).values_list("nom", flat=True)]
    params += [("territoire", label)
               for label in Territoire.objects.filter(pk__in=territory_ids or ()).values_list("libelle", flat=True)]
    return f"{index.url}?{urlencode(params)}"


PUBLICATIONS = RelatedSource(key="publications", label=_("Publications"), find=find_publications, order=20,
                             see_all=publications_list_url)
