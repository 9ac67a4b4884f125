"""Published news items as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ressources.listing import filtered_list_url
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
    return filtered_list_url(news_index(), theme_ids, territory_ids)


NEWS = RelatedSource(key="actualites", label=_("News"), find=find_news, order=30, see_all=news_list_url)
