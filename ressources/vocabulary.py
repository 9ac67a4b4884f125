"""Pages and snippets of the editorial apps share the base documentaire's vocabularies.

`VocabularyTagged` gives a model its thèmes and territoires; `theme_ids_with_narrower` and
`territory_ids_with_descendants` widen a selection the way the documentary search does (a broad
theme includes its narrower themes, a département its EPCI, communes and QPV).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from base_documentaire.models import Territoire, Theme

from .request_cache import cached


class VocabularyTagged(models.Model):
    """Thèmes and territoires for a Wagtail page or a clusterable snippet."""

    themes = ParentalManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    territoires = ParentalManyToManyField(Territoire, blank=True, related_name="+", verbose_name=_("territories"))

    class Meta:
        abstract = True

    @classmethod
    def vocabulary_panel(cls):
        return MultiFieldPanel([FieldPanel("themes"), FieldPanel("territoires")], heading=_("Themes and territories"))

    def load_vocabulary(self):
        """Read the thèmes and territoires once, in memory, for a page about to be rendered: its
        header, its tags and its related lists all read them (never save the object afterwards)."""
        self.themes, self.territoires = list(self.themes.all()), list(self.territoires.all())


def theme_ids_with_narrower(theme_ids):
    """The given themes and every narrower theme below them."""
    children = cached("theme_children", _theme_children)
    return _closure(theme_ids, lambda ids: [child for pk in ids for child in children.get(pk, ())])


def _theme_children():
    """{parent id: [child ids]} of the whole thesaurus (a few hundred rows), read once per request."""
    children = {}
    for pk, parent_id in Theme.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


def territory_ids_with_descendants(territory_ids):
    """The given territories and every territory they contain (EPCI, communes, QPV…)."""
    links = Territoire.parents.through.objects

    def below(ids):
        return list(links.filter(to_territoire__in=ids).values_list("from_territoire", flat=True))

    return _cached_closure("territories_below", territory_ids, below)


def territory_ids_with_ancestors(territory_ids):
    """The given territories and every territory containing them."""
    links = Territoire.parents.through.objects

    def above(ids):
        return list(links.filter(from_territoire__in=ids).values_list("to_territoire", flat=True))

    return _cached_closure("territories_above", territory_ids, above)


def _cached_closure(name, start_ids, step):
    """The closure (a new set the caller may change), computed once per request for the same start."""
    start = frozenset(start_ids)
    return set(cached((name, start), lambda: frozenset(_closure(start, step))))


def _closure(start_ids, step):
    """Breadth-first closure: one query (or lookup) per level of the hierarchy."""
    seen = set(start_ids)
    frontier = list(seen)
    while frontier:
        frontier = [pk for pk in step(frontier) if pk not in seen]
        seen.update(frontier)
    return seen
