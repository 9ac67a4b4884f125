""""What we have on this theme / this territory": one list per kind of content.

Each editorial app registers a `RelatedSource` in its AppConfig.ready(); a page asks
`related_content(theme_ids=…, territory_ids=…)` and gets, per source, the newest matching items.
Selections are widened first (narrower themes, contained territories); when both a theme and a
territory selection are given an item must match both.
"""
from dataclasses import dataclass
import datetime
from typing import Callable

from .vocabulary import territory_ids_with_descendants, theme_ids_with_narrower


@dataclass(frozen=True)
class RelatedItem:
    title: str
    url: str
    date: datetime.date | None = None
    kind: str = ""  # e.g. "Webinaire", "Guide": shown next to the title
    summary: str = ""


@dataclass(frozen=True)
class RelatedSource:
    key: str  # "agenda", "publications", "notices"…
    label: str  # heading of the list, translated
    # find(theme_ids, territory_ids, limit, exclude) -> (items, total); None means "no filter"
    find: Callable
    order: int = 50
    # see_all(theme_ids, territory_ids) -> URL of the full filtered list, or ""
    see_all: Callable | None = None


@dataclass(frozen=True)
class RelatedList:
    source: RelatedSource
    items: list
    total: int
    see_all_url: str = ""


_sources = {}


def register(source):
    _sources[source.key] = source


def sources():
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def related_content(theme_ids=None, territory_ids=None, limit=5, exclude=None, only=None):
    """Lists of related items, one per registered source that has any.

    exclude: an object (page, notice…) that must not list itself; only: source keys to keep.
    """
    if not theme_ids and not territory_ids:
        return []
    themes = theme_ids_with_narrower(theme_ids) if theme_ids else None
    territories = territory_ids_with_descendants(territory_ids) if territory_ids else None
    lists = []
    for source in sources():
        if only is not None and source.key not in only:
            continue
        items, total = source.find(themes, territories, limit, exclude)
        if items:
            url = source.see_all(theme_ids, territory_ids) if source.see_all else ""
            lists.append(RelatedList(source, items, total, url))
    return lists


def filter_by_vocabulary(queryset, theme_ids, territory_ids, themes_field="themes", territories_field="territoires"):
    """Keep the objects tagged with one of the (already widened) themes and territories."""
    if theme_ids is not None:
        queryset = queryset.filter(**{f"{themes_field}__in": theme_ids})
    if territory_ids is not None:
        queryset = queryset.filter(**{f"{territories_field}__in": territory_ids})
    return queryset.distinct()
