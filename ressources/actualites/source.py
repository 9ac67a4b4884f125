"""Published news items as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ressources.listing import filtered_list_url
from ressources.related import RelatedItem, RelatedSource
from ressources.related_query import first_of_each

from .models import NEWEST_FIRST
from .queries import news_index, published_news


def find_news(theme_ids, territory_ids, limit, exclude):
    return find_each_news([(theme_ids, territory_ids)], limit, exclude)[0]


def find_each_news(selections, limit, exclude):
    news = published_news()
    if isinstance(exclude, Page):
        news = news.exclude(pk=exclude.pk)
    return [([_item(item) for item in chosen], total)
            for chosen, total in first_of_each(news, selections, NEWEST_FIRST, limit)]


def _item(item):
    return RelatedItem(title=item.title, url=item.url, date=item.date, kind=item.get_kind_display(),
                       summary=item.chapo)


def news_list_url(theme_ids, territory_ids):
    return filtered_list_url(news_index(), theme_ids, territory_ids)


NEWS = RelatedSource(key="actualites", label=_("News"), find=find_news, order=30, see_all=news_list_url,
                     find_each=find_each_news)
