"""Published news items as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from base_documentaire.models import Territoire, Theme
from ressources.related import RelatedItem, RelatedSource, filter_by_vocabulary

from .queries import news_index, published_news


def find_news(theme_ids, territory_ids, limit, exclude):
    news = filter_by_vocabulary(published_news(), theme_ids, territory_ids)
    if isinstance(exclude, Page):
        news = news.exclude(pk=exclude.pk)
    items = [
        RelatedItem(title=item.title, url=item.url, date=item.date, kind=item.get_kind_display(), summary=item.chapo)
        for item in news[:limit]
    ]
    return items, news.count()


def news_list_url(theme_ids, territory_ids):
    index = news_index()
    if index is None:
        return ""
    params = [("theme", name) for name in Theme.objects.filter(pk__in=theme_ids or ()).values_list("nom", flat=True)]
    params += [("territoire", label)
               for label in Territoire.objects.filter(pk__in=territory_ids or ()).values_list("libelle", flat=True)]
    return f"{index.url}?{urlencode(params)}"


NEWS = RelatedSource(key="actualites", label=_("News"), find=find_news, order=30, see_all=news_list_url)
