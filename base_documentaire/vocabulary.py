"""The one service answering every question asked of the thèmes and territoires.

Thèmes form a tree (one broader term each), territoires a graph (a commune lies in its EPCI and
its département, a QPV may span communes). Facets, imports, the admin, the OAI sets, the partner
API and the editorial pages all ask the same few questions, answered here:

- ancestors and descendants: `Hierarchy`, a graph in memory with cycles guarded, loaded by
  `theme_hierarchy()` or `territory_hierarchy()` (one query each); for a few territories among
  35,000, `territory_ids_with_descendants` / `territory_ids_with_ancestors` read only the links
  they need, one query per level;
- labels with their aliases: `theme_aliases` (preferred term and synonyms), `synonym_groups` (for
  the search engines' analysers: themes' synonyms and territories' aliases), `VocabularyLabels` (a notice's labels and those of everything
  above them, for indexing);
- lookups of a label, folded with `text.fold` (case, accents and ligatures ignored):
  `VocabularyLookup.theme(label)` / `.territory(label)`, `theme_label_index()` and
  `territory_label_index()` (a territory by its label, a QPV by its code, by its name when no
  other territory bears it, by one of its aliases).

Nothing here caches between calls; callers that ask many times per request wrap these calls
(ressources/vocabulary.py, with ressources/request_cache.py).
"""
from collections import defaultdict
from functools import cached_property

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Value

from .models import Territoire, Theme
from .text import fold

TerritoryLink = Territoire.parents.through


# -- Hierarchies ---------------------------------------------------------------------------------


class Hierarchy:
    """A hierarchy in memory, from (child id, parent id) links; a cycle never loops forever."""

    def __init__(self, links=()):
        self._parents = defaultdict(list)
        for child, parent in links:
            if parent is not None:
                self._parents[child].append(parent)

    @classmethod
    def of_tree(cls, parent_of):
        """The hierarchy of a tree given as {id: parent id or None}."""
        return cls(parent_of.items())

    @cached_property
    def _children(self):
        children = defaultdict(list)
        for child, parents in self._parents.items():
            for parent in parents:
                children[parent].append(child)
        return children

    def parents(self, pk):
        return tuple(self._parents.get(pk, ()))

    def children(self, pk):
        return tuple(self._children.get(pk, ()))

    def ancestors(self, ids):
        """The given ids and every id above them, as a list without repeats: each given id
        followed by its ancestors (depth first), in the order given."""
        return _walk(ids, self.parents)

    def descendants(self, ids):
        """The given ids and every id below them, as a set."""
        return set(_walk(ids, self.children))


def _walk(start_ids, step):
    """Depth-first walk from each start in turn; `seen` guards against cycles and repeats."""
    found, seen = [], set()
    for start in start_ids:
        todo = [start]
        while todo:
            pk = todo.pop()
            if pk is None or pk in seen:
                continue
            seen.add(pk)
            found.append(pk)
            todo.extend(reversed(step(pk)))
    return found


def theme_hierarchy():
    """The thesaurus' broader / narrower links (one query)."""
    return Hierarchy(Theme.objects.values_list("pk", "parent_id"))


def territory_hierarchy():
    """Every territory's containing territories (one query; 70,000 links on a full load)."""
    return Hierarchy(TerritoryLink.objects.values_list("from_territoire", "to_territoire"))


def territory_ids_with_descendants(territory_ids):
    """The given territories and every territory they contain (EPCI, communes, QPV…), as a set;
    one query per level below them."""
    return _closure(territory_ids, lambda ids: TerritoryLink.objects.filter(to_territoire__in=ids)
                    .values_list("from_territoire", flat=True))


def territory_ids_with_ancestors(territory_ids):
    """The given territories and every territory containing them, as a set; one query per level."""
    return _closure(territory_ids, lambda ids: TerritoryLink.objects.filter(from_territoire__in=ids)
                    .values_list("to_territoire", flat=True))


def _closure(start_ids, step):
    """Breadth-first closure, one `step` (query) per level; `seen` guards against cycles."""
    seen = set(start_ids)
    frontier = list(seen)
    while frontier:
        frontier = [pk for pk in step(frontier) if pk not in seen]
        seen.update(frontier)
    return seen


# -- Labels and aliases --------------------------------------------------------------------------


def synonyms(text):
    """The synonyms of a theme's or a territory's `synonymes` field, one a line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def theme_aliases(nom, synonymes=""):
    """Every label of a theme: its preferred term, then its synonyms."""
    return [nom, *synonyms(synonymes)]


def synonym_groups():
    """Groups of equivalent labels for the search engines' analysers (one query): a theme's preferred term and
    synonyms, then a territory's label and aliases ("Les Quatre Mille (QN09301M)", "Cité des 4000"), each
    group by name. A term equal to an earlier one of its group once folded (case, accents, hyphens) is left
    out; a group left with one term is no group."""
    themes = (Theme.objects.exclude(synonymes="").order_by().annotate(kind=Value(0))
              .values_list("kind", "nom", "synonymes"))
    territories = (Territoire.objects.exclude(synonymes="").order_by().annotate(kind=Value(1))
                   .values_list("kind", "libelle", "synonymes"))
    rows = themes.union(territories, all=True).order_by("kind", "nom")
    groups = (_distinct_folded(theme_aliases(label, text)) for _kind, label, text in rows)
    return tuple(group for group in groups if len(group) > 1)


def _distinct_folded(terms):
    seen, kept = set(), []
    for term in terms:
        key = " ".join(fold(term).replace("-", " ").split())
        if key and key not in seen:
            seen.add(key)
            kept.append(term)
    return tuple(kept)


class VocabularyLabels:
    """Labels of thèmes and territoires with everything above them, read once (for indexing:
    a notice tagged with a commune is found under its département, one tagged "Santé mentale"
    under "Santé")."""

    @cached_property
    def _themes(self):
        rows = list(Theme.objects.values_list("pk", "nom", "parent_id"))
        return {pk: nom for pk, nom, _parent in rows}, Hierarchy((pk, parent) for pk, _nom, parent in rows)

    @cached_property
    def _territories(self):
        return dict(Territoire.objects.values_list("pk", "libelle")), territory_hierarchy()

    def theme_labels(self, theme_ids):
        """Preferred terms of the themes and of all their broader themes."""
        names, hierarchy = self._themes
        return [names[pk] for pk in hierarchy.ancestors(theme_ids) if pk in names]

    def territory_labels(self, territory_ids):
        """Labels of the territories and of all the territories containing them."""
        labels, hierarchy = self._territories
        return [labels[pk] for pk in hierarchy.ancestors(territory_ids) if pk in labels]

    def synonym_groups(self):
        return synonym_groups()


# -- Lookups of a label --------------------------------------------------------------------------


def theme_label_index():
    """{folded label: light Theme}: preferred terms first, then synonyms (a synonym never hides
    another theme's preferred term; of two themes sharing a synonym, the first by name wins)."""
    index, by_synonym = {}, {}
    for pk, nom, text in Theme.objects.values_list("pk", "nom", "synonymes"):
        theme = _light_instance(Theme, pk, "nom", nom)
        index[fold(nom)] = theme
        for synonym in synonyms(text):
            by_synonym.setdefault(fold(synonym), theme)
    for key, theme in by_synonym.items():
        index.setdefault(key, theme)
    return index


def territory_label_index():
    """{folded label: light Territoire}: labels first, then a QPV's official code ("QN03404M":
    unique to it, unlike the codes of communes and départements), then names borne by one
    territory only ("Paris" is a commune and a département: only the label "Paris (75)" tells which),
    then aliases (`synonymes`, "Garges les Gonesse"; of two territories sharing one, the first by
    label wins): an alias never hides another territory's label, code or name."""
    index, by_code, by_name, by_alias = {}, {}, {}, {}
    rows = Territoire.objects.values_list("pk", "libelle", "nom", "niveau", "code", "synonymes")
    for pk, libelle, nom, niveau, code, text in rows:
        territory = _light_instance(Territoire, pk, "libelle", libelle)
        index[fold(libelle)] = territory
        if niveau == Territoire.Niveau.QPV and code:
            by_code[fold(code)] = territory
        by_name.setdefault(fold(nom), []).append(territory)
        for alias in synonyms(text):
            by_alias.setdefault(fold(alias), territory)
    for key, territory in by_code.items():
        index.setdefault(key, territory)
    for key, territories in by_name.items():
        if len(territories) == 1:
            index.setdefault(key, territories[0])
    for key, territory in by_alias.items():
        index.setdefault(key, territory)
    return index


def _light_instance(model, pk, label_field, label):
    """A light instance, as if read from the database with only its key and label."""
    return model.from_db(DEFAULT_DB_ALIAS, ["id", label_field], (pk, label))


class VocabularyLookup:
    """Every label of the thèmes and territoires, folded, read once (two queries):
    `.theme(label)` and `.territory(label)` give an instance (id and label only) or None."""

    def __init__(self):
        self.themes = theme_label_index()
        self.territories = territory_label_index()

    def theme(self, label):
        return self.themes.get(fold(label))

    def territory(self, label):
        return self.territories.get(fold(label))
