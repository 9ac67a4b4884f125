"""Hierarchies of the vocabularies, loaded once in memory for indexing and facets.

A notice tagged with a commune is found when its département is selected; a notice tagged
"Santé mentale" is found under its broader theme "Santé". Both work by indexing every
ancestor's label with the notice.
"""
from collections import defaultdict
from functools import cached_property

from .models import Territoire, Theme


class VocabularyTree:
    @cached_property
    def _themes(self):
        return {theme.pk: (theme.nom, theme.parent_id) for theme in Theme.objects.only("nom", "parent")}

    @cached_property
    def _territories(self):
        return dict(Territoire.objects.values_list("pk", "libelle"))

    @cached_property
    def _territory_parents(self):
        parents = defaultdict(list)
        for child, parent in Territoire.parents.through.objects.values_list("from_territoire", "to_territoire"):
            parents[child].append(parent)
        return parents

    def theme_labels(self, theme_ids):
        """Labels of the themes and all their broader themes."""
        labels, seen = [], set()
        for theme_id in theme_ids:
            while theme_id and theme_id not in seen:
                seen.add(theme_id)
                name, theme_id_parent = self._themes[theme_id]
                labels.append(name)
                theme_id = theme_id_parent
        return labels

    def territory_labels(self, territory_ids):
        """Labels of the territories and all the territories containing them."""
        labels, seen, todo = [], set(), list(territory_ids)
        while todo:
            territory_id = todo.pop()
            if territory_id in seen or territory_id not in self._territories:
                continue
            seen.add(territory_id)
            labels.append(self._territories[territory_id])
            todo.extend(self._territory_parents.get(territory_id, ()))
        return labels

    def synonym_groups(self):
        groups = []
        for theme in Theme.objects.exclude(synonymes=""):
            group = [theme.nom, *theme.synonym_list()]
            if len(group) > 1:
                groups.append(tuple(group))
        return tuple(groups)
