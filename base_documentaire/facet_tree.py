"""The hierarchical facets (thème, territoire) as trees: each value under its broader one.

The engine counts labels: a notice tagged "Santé mentale" is counted under "Santé mentale" and
under "Santé" (documents.py indexes every label above a notice's own). So the values of a facet
already hold their broader values, and a tree only needs, for each label, the label it sits under:
`parent_labels(field, labels)`. Those answers are kept per process (the thesaurus and the
territories change seldom): a label never asked before costs one query for all of them, whatever
their number; a label already known costs none. A save, a delete or a change of a territory's
parents clears this process's copy and bumps a version in Django's cache, which the other
processes compare with theirs at most every CHECK_SECONDS; it does so again once the transaction
commits (another process reading meanwhile saw the old rows). Bulk loads send no signal: they call
`vocabulary_loaded()` (load_territoires, import_qpv, the thesaurus' loads), which also makes the
page cache stale. Answers are still read again after MAX_AGE_SECONDS (a change made in SQL by hand).

A territory may lie in several others (a commune in its EPCI and its département): it is shown
once, under the most precise of them that is counted too (the EPCI before the département).
"""
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from crpv_site import cache as content

from .models import Territoire, Theme
from .shared_version import SharedVersion

TREE_FACETS = ("theme", "territoire")
CHECK_SECONDS = 2.0
MAX_AGE_SECONDS = 600.0
# A tree of at most this many values is shown whole; a larger one shows its broadest values, each
# with its narrower ones folded (unfolded when one of them is selected).
SMALL_TREE = 8
LEVEL_ORDER = [level.value for level in Territoire.Niveau]  # région first, QPV last
VERSION_KEY = "base_documentaire:facet_tree:version"
_version = SharedVersion(VERSION_KEY, CHECK_SECONDS)
_state = {"parents": {}, "loaded": 0.0}


@dataclass
class FacetNode:
    value: str
    count: int
    selected: bool
    children: list = field(default_factory=list)
    open: bool = False  # show the narrower values unfolded
    key: int = 0  # position in the tree, for unique element ids

    @property
    def descendant_count(self):
        return sum(1 + child.descendant_count for child in self.children)


def build(field_name, rows):
    """The tree of a facet's (value, count, selected) rows: a list of root FacetNodes, each level
    in the rows' order (the engine's: most frequent first)."""
    nodes = {value: FacetNode(value, count, selected) for value, count, selected in rows}
    parents = parent_labels(field_name, list(nodes))
    roots = _attach(nodes, parents)
    small = len(nodes) <= SMALL_TREE
    for position, node in enumerate(_depth_first(roots), start=1):
        node.key = position
    for root in roots:
        _mark_open(root, small)
    return roots


def _attach(nodes, parents):
    """Hang each node under its most precise parent that is a value too; a cycle (bad data) is cut."""
    roots = []
    for value, node in nodes.items():
        parent = _parent_of(value, nodes, parents)
        if parent is None or _leads_to(parent, value, nodes, parents):
            roots.append(node)
        else:
            nodes[parent].children.append(node)
    return roots


def _parent_of(value, nodes, parents):
    return next((label for label in parents.get(value, ()) if label in nodes and label != value), None)


def _leads_to(start, target, nodes, parents):
    """Whether walking up from `start` reaches `target` (hanging `target` there would make a cycle)."""
    seen = set()
    while start is not None and start not in seen:
        if start == target:
            return True
        seen.add(start)
        start = _parent_of(start, nodes, parents)
    return False


def _depth_first(nodes):
    for node in nodes:
        yield node
        yield from _depth_first(node.children)


def _mark_open(node, small):
    """Unfold a node whose narrower values hold a selected one (or every node of a small tree);
    returns whether the node or one below it is selected."""
    below = False
    for child in node.children:
        below = _mark_open(child, small) or below
    node.open = bool(node.children) and (small or below)
    return node.selected or below


# -- Parents of labels, kept per process ---------------------------------------------------------


def parent_labels(field_name, labels):
    """{label: labels of its broader values, the most precise first} for the labels of a tree
    facet (one query for the labels this process has not seen yet, none for the others)."""
    known = _known(field_name)
    missing = [label for label in labels if label not in known]
    if missing:
        known.update(dict.fromkeys(missing, ()))
        known.update(READERS[field_name](missing))
    return {label: known[label] for label in labels}


def _known(field_name):
    now = time.monotonic()
    if _version.changed() or now - _state["loaded"] > MAX_AGE_SECONDS:  # changed() first: it keeps its bookkeeping
        _state.update(parents={}, loaded=now)
    return _state["parents"].setdefault(field_name, {})


def _theme_parents(labels):
    rows = Theme.objects.filter(nom__in=labels, parent__isnull=False).values_list("nom", "parent__nom")
    return {nom: (parent,) for nom, parent in rows}


def _territory_parents(labels):
    """The containing territories of each territory, the most precise level first (one query)."""
    links = (Territoire.parents.through.objects.filter(from_territoire__libelle__in=labels)
             .values_list("from_territoire__libelle", "to_territoire__libelle", "to_territoire__niveau"))
    found = {}
    for child, parent, level in links:
        found.setdefault(child, []).append((-_level_rank(level), parent))
    return {child: tuple(parent for _rank, parent in sorted(parents)) for child, parents in found.items()}


def _level_rank(level):
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else -1


READERS = {"theme": _theme_parents, "territoire": _territory_parents}


def clear(**_kwargs):
    """Read the parents again on next use, here and (within CHECK_SECONDS) in the other processes: now (this
    process sees its own transaction) and once the transaction commits (the others see the new rows only then)."""
    _forget()
    if connection.in_atomic_block and not any(entry[1] is _forget for entry in connection.run_on_commit):
        transaction.on_commit(_forget)


def _forget():
    _state["parents"] = {}
    _version.bump()


def vocabulary_loaded():
    """After a bulk load of thèmes or territoires (bulk_create, bulk_update, links written in SQL: no signal):
    the trees and the cached pages are read again once it commits."""
    clear()
    content.bump_on_commit()


for _model in (Theme, Territoire):
    post_save.connect(clear, sender=_model, dispatch_uid=f"facet_tree_clear_save_{_model.__name__}")
    post_delete.connect(clear, sender=_model, dispatch_uid=f"facet_tree_clear_delete_{_model.__name__}")
m2m_changed.connect(clear, sender=Territoire.parents.through, dispatch_uid="facet_tree_clear_links")
