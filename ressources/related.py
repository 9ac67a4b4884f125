""""What we have on this theme / this territory": one list per kind of content.

Each editorial app registers a `RelatedSource` in its AppConfig.ready(); a page asks
`related_content(theme_ids=…, territory_ids=…)` and gets, per source, the newest matching items.
Selections are widened first (narrower themes, contained territories); when both a theme and a
territory selection are given an item must match both. `related_by_theme_then_territory` runs the
theme search and the territory search together, one query per source that has `find_each`.
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
    # find_each(selections, limit, exclude) -> [(items, total)] for (theme_ids, territory_ids) pairs,
    # in one query when the source can; without it, `find` runs once per selection
    find_each: Callable | None = None

    def search(self, selections, limit, exclude):
        if self.find_each is not None:
            return self.find_each(selections, limit, exclude)
        return [self.find(themes, territories, limit, exclude) for themes, territories in selections]


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
    return _related([(theme_ids, territory_ids)], limit, exclude, only)


def related_by_theme_then_territory(theme_ids, territory_ids, limit=5, exclude=None, only=None):
    """« Sur les mêmes thèmes et territoires »: per source, the items sharing a theme, then those
    sharing a territory (each search keeps its first `limit`); both searches in one pass."""
    selections = [(theme_ids, None)] if theme_ids else []
    selections += [(None, territory_ids)] if territory_ids else []
    return _related(selections, limit, exclude, only) if selections else []


def _related(selections, limit, exclude, only):
    """One merged list per source: the items of each selection in turn, without repeats; the
    total is the largest selection's and "see all" leads to the first selection that found any.
    Sources that found something with the first selection come first (then with the second…)."""
    widened = [_widen(themes, territories) for themes, territories in selections]
    found = []
    for source in sources():
        if only is not None and source.key not in only:
            continue
        merged = _merge(source, selections, source.search(widened, limit, exclude))
        if merged is not None:
            found.append(merged)
    return [related for _first, related in sorted(found, key=lambda pair: pair[0])]


def _widen(theme_ids, territory_ids):
    return (theme_ids_with_narrower(theme_ids) if theme_ids else None,
            territory_ids_with_descendants(territory_ids) if territory_ids else None)


def _merge(source, selections, results):
    """(index of the first selection that found items, their RelatedList), or None."""
    items, seen, total, url, first, whole = [], set(), 0, None, None, True
    for position, ((theme_ids, territory_ids), (found, found_total)) in enumerate(zip(selections, results)):
        if not found:
            continue
        if first is None:
            first = position
            url = source.see_all(theme_ids, territory_ids) if source.see_all else ""
        items += [item for item in found if item.url not in seen]
        seen.update(item.url for item in found)
        total = max(total, found_total)
        whole = whole and found_total <= len(found)
    # Every search listed whole: the count is the distinct items shown. Otherwise the largest search's
    # count, never fewer than the items shown (a count beside a longer list reads as a mistake).
    total = len(items) if whole else max(total, len(items))
    return (first, RelatedList(source, items, total, url)) if items else None


def filter_by_vocabulary(queryset, theme_ids, territory_ids, themes_field="themes", territories_field="territoires"):
    """Keep the objects tagged with one of the (already widened) themes and territories."""
    if theme_ids is not None:
        queryset = queryset.filter(**{f"{themes_field}__in": theme_ids})
    if territory_ids is not None:
        queryset = queryset.filter(**{f"{territories_field}__in": territory_ids})
    return queryset.distinct()
