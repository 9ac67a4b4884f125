"""Importing a SKOS thesaurus into the thèmes, in one transaction.

Each concept is matched to a theme by its URI first (one of ours: ``<site>/thesaurus/<slug>``),
then by its preferred label (folded: case, accents and ligatures ignored); an unmatched concept
becomes a new theme. What the file gives is applied: the label (renamed only for a concept matched
by its URI), the scope note, the broader term (the first, by label, when the file gives several:
the report says so). Synonyms and related terms are added, never removed: a synonym taught by the
candidate terms' queue, or a related term added here, is kept (the report names the themes that
keep some). A theme the file does not mention is left alone; nothing is ever deleted.

A file whose broader terms form a cycle (by themselves or with the thesaurus' other themes) is
refused whole. Importing the same file twice changes nothing the second time. The themes are
written in bulk, without a save signal per theme: the search engines (the notices' index and its
synonyms, Wagtail's index of the themes the admin's chooser searches) are updated once, after the
commit, and only when a label, a synonym or a broader term changed.
"""
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import facet_tree, skos, skos_parsing
from .models import Theme
from .skos import SkosError
from .text import fold

logger = logging.getLogger(__name__)
Related = Theme.associes.through
_SLUG = re.compile(r"^[-\w]{1,200}$")


@dataclass
class SkosReport:
    created: list = field(default_factory=list)  # labels
    updated: list = field(default_factory=list)  # (label, [what changed])
    unchanged: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # labels of themes keeping synonyms or related terms of their own
    dry_run: bool = False

    def summary(self):
        return _("Themes: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(warnings)d "
                 "warning(s).") % {"created": len(self.created), "updated": len(self.updated),
                                   "unchanged": len(self.unchanged), "warnings": len(self.warnings)}

    def lines(self):
        """The report as French lines of text (the command prints them)."""
        lines = [self.summary()]
        lines += [_("Created: %(label)s") % {"label": label} for label in self.created]
        lines += [_("Updated: %(label)s (%(changes)s)") % {"label": label, "changes": ", ".join(changes)}
                  for label, changes in self.updated]
        if self.kept:
            lines.append(_("Kept although the file does not give them (synonyms or related terms added here): "
                           "%(labels)s") % {"labels": ", ".join(self.kept)})
        lines += [_("Warning: %(message)s") % {"message": message} for message in self.warnings]
        return lines


def import_thesaurus(stream, dry_run=False):
    """Import the SKOS file read from a binary stream; returns a SkosReport, raises SkosError."""
    graph = skos_parsing.parse(skos_parsing.read_bounded(stream))
    result = skos.read_concepts(graph)
    report = SkosReport(warnings=list(result.warnings), dry_run=dry_run)
    with transaction.atomic():
        plan = _Plan(result.concepts, report)
        plan.check_cycles()
        touched = plan.write()
        if dry_run:
            transaction.set_rollback(True)
        elif touched:
            facet_tree.vocabulary_loaded()  # written in bulk: no signal tells the facet trees or the page cache
            transaction.on_commit(lambda: _update_engines(touched))
    return report


class _Plan:
    """Which theme each concept becomes, and what changes; reads the thesaurus once (one query)."""

    def __init__(self, concepts, report):
        self.report = report
        self.themes = {theme.pk: theme for theme in Theme.objects.all()}
        self.by_slug = {theme.slug: theme for theme in self.themes.values()}
        by_label = {}
        for theme in sorted(self.themes.values(), key=lambda t: t.nom):
            by_label.setdefault(fold(theme.nom), theme)
        self.target = {}  # concept URI -> Theme (existing, or new and unsaved)
        self.names = {}  # theme id -> its new label, for the renamed ones
        self.by_uri_match = set()  # URIs matched through one of our URIs
        self.concepts = []
        claimed = {}
        for concept in concepts:  # our URIs first: a renamed theme keeps its URI, not its label
            theme = self.by_slug.get(skos.slug_of(concept.uri))
            if theme is not None:
                self._claim(concept, theme, claimed)
                self.by_uri_match.add(concept.uri)
        new_labels = {}
        for concept in concepts:
            if concept.uri in self.target:
                continue
            key = fold(concept.label)
            theme = by_label.get(key) or new_labels.get(key)
            if theme is None:
                theme = new_labels[key] = self._new_theme(concept)
            self._claim(concept, theme, claimed)
        self.concepts.sort(key=lambda c: (fold(c.label), c.uri))

    def _claim(self, concept, theme, claimed):
        if id(theme) in claimed:
            self.report.warnings.append(_(
                "Concept “%(label)s” (%(uri)s) skipped: concept %(other)s already stands for the theme “%(theme)s”."
            ) % {"label": concept.label, "uri": concept.uri, "other": claimed[id(theme)], "theme": theme.nom})
            return
        claimed[id(theme)] = concept.uri
        self.target[concept.uri] = theme
        self.concepts.append(concept)

    def _new_theme(self, concept):
        slug = skos.slug_of(concept.uri)
        if not (slug and _SLUG.match(slug) and slug not in self.by_slug):
            base, number = slugify(concept.label)[:190] or "theme", 2
            slug = base
            while slug in self.by_slug:
                slug, number = f"{base}-{number}", number + 1
        theme = Theme(nom=concept.label, slug=slug, synonymes="\n".join(concept.synonyms), note=concept.note)
        self.by_slug[slug] = theme
        return theme

    # -- Resolving links --------------------------------------------------------------------------

    def resolve(self, uri):
        """The theme a URI stands for: a concept of the file, else one of our themes, else None."""
        theme = self.target.get(uri)
        if theme is None:
            theme = self.by_slug.get(skos.slug_of(uri))
            theme = theme if theme is not None and theme.pk is not None else None
        return theme

    def broader(self, concept):
        """The theme of the concept's broader term, or None (warnings for what is left out)."""
        found = []
        for uri in concept.broader:
            theme = self.resolve(uri)
            if theme is None:
                self._unknown(concept, uri, _("broader term"))
            elif theme is not self.target[concept.uri]:
                found.append(theme)
        found.sort(key=lambda theme: fold(theme.nom))
        if len(found) > 1:
            self.report.warnings.append(_(
                "“%(label)s” has several broader terms (%(terms)s): only “%(kept)s” is kept, a theme has one."
            ) % {"label": concept.label, "terms": ", ".join(t.nom for t in found), "kept": found[0].nom})
        return found[0] if found else None

    def _unknown(self, concept, uri, relation):
        self.report.warnings.append(_(
            "“%(label)s”: the %(relation)s %(uri)s is neither a concept of the file nor a theme of the thesaurus: "
            "ignored.") % {"label": concept.label, "relation": relation, "uri": uri})

    # -- Cycles -----------------------------------------------------------------------------------

    def check_cycles(self):
        """Refuse a file whose broader terms loop, by themselves or with the other themes."""
        in_file = {c.uri: [uri for uri in c.broader if uri in self.target] for c in self.concepts}
        cycle = find_cycle(in_file, lambda uri: in_file[uri])
        if cycle:
            self._refuse([self.target[uri].nom for uri in cycle])
        self.parents = {c.uri: self.broader(c) for c in self.concepts}
        parent_of = {id(t): self.themes.get(t.parent_id) for t in self.themes.values()}
        parent_of.update({id(self.target[uri]): parent for uri, parent in self.parents.items() if parent is not None})
        nodes = {id(t): t for t in [*self.themes.values(), *self.target.values()]}
        parent_of.update({key: None for key in nodes if key not in parent_of})
        cycle = find_cycle(nodes, lambda key: [id(p)] if (p := parent_of[key]) is not None else [])
        if cycle:
            self._refuse([nodes[key].nom for key in cycle])

    def _refuse(self, labels):
        raise SkosError(_("The broader terms form a cycle: %(cycle)s. Nothing was imported.")
                        % {"cycle": " → ".join(labels)})

    # -- Writing ----------------------------------------------------------------------------------

    def write(self):
        """Write the changes; returns the ids of the themes whose labels, synonyms or place in the
        hierarchy changed (the engines' business), empty when nothing did."""
        new = [theme for theme in self.target.values() if theme.pk is None]
        Theme.objects.bulk_create(new)
        touched, changes, by_fields = {theme.pk for theme in new}, {}, defaultdict(list)
        for concept in self.concepts:
            theme = self.target[concept.uri]
            fields = self._fields(concept, theme, is_new=theme.pk in touched)
            if fields:
                by_fields[tuple(fields)].append((theme, fields))
                changes[theme.pk] = [_FIELD_NAMES[name]() for name in fields]
                if set(fields) & {"nom", "synonymes", "parent_id"}:
                    touched.add(theme.pk)
        for names, updates in by_fields.items():  # one statement per 500 themes changing the same fields
            for theme, fields in updates:
                for name, value in fields.items():
                    setattr(theme, name, value)
            Theme.objects.bulk_update([theme for theme, _fields in updates], names, batch_size=500)
        for pk in self._add_related():
            changes.setdefault(pk, []).append(_("related terms"))
        self._report(changes, {theme.pk for theme in new})
        return touched

    def _fields(self, concept, theme, is_new):
        fields = {}
        parent = self.parents[concept.uri]
        if parent is not None and parent.pk != theme.parent_id:
            fields["parent_id"] = parent.pk
        if is_new:
            return fields
        name = self._new_name(concept, theme)
        if name != theme.nom:
            fields["nom"] = self.names[theme.pk] = name
        synonyms, own = _merged_synonyms(theme.synonym_list(), concept.synonyms, name)
        if synonyms != theme.synonym_list():
            fields["synonymes"] = "\n".join(synonyms)
        if own:
            self.report.kept.append(name)
        if concept.note and concept.note != skos.clean_note(theme.note):
            fields["note"] = concept.note
        return fields

    def _new_name(self, concept, theme):
        """The file's label for a concept matched by its URI, unless another theme bears it."""
        if concept.uri not in self.by_uri_match or concept.label == theme.nom:
            return theme.nom
        others = {fold(t.nom) for t in [*self.themes.values(), *self.target.values()] if t is not theme}
        others |= {fold(name) for pk, name in self.names.items() if pk != theme.pk}  # renamed before it
        if fold(concept.label) in others:
            self.report.warnings.append(_(
                "“%(name)s” is not renamed “%(label)s”: another theme already bears this label."
            ) % {"name": theme.nom, "label": concept.label})
            return theme.nom
        return concept.label

    def _add_related(self):
        """Add the file's related links (both ways); returns the ids of the file's themes that got one."""
        ids = [theme.pk for theme in self.target.values()]
        existing = set(Related.objects.filter(from_theme_id__in=ids).values_list("from_theme_id", "to_theme_id"))
        wanted = set()
        for concept in self.concepts:
            theme = self.target[concept.uri]
            for uri in concept.related:
                other = self.resolve(uri)
                if other is None:
                    self._unknown(concept, uri, _("related term"))
                elif other is not theme:
                    wanted |= {(theme.pk, other.pk), (other.pk, theme.pk)}
        missing = sorted(wanted - existing)
        Related.objects.bulk_create([Related(from_theme_id=a, to_theme_id=b) for a, b in missing],
                                    ignore_conflicts=True)
        mine = {self.target[c.uri].pk for c in self.concepts}
        for pk, _other in existing - wanted:  # related terms of its own, kept
            if pk in mine and pk in self.themes:
                self.report.kept.append(self.names.get(pk, self.themes[pk].nom))
        return sorted({a for a, _b in missing if a in mine})

    def _report(self, changes, new_ids):
        for concept in self.concepts:
            theme = self.target[concept.uri]
            name = self.names.get(theme.pk, theme.nom)
            if theme.pk in new_ids:
                self.report.created.append(name)
            elif theme.pk in changes:
                self.report.updated.append((name, changes[theme.pk]))
            else:
                self.report.unchanged.append(name)
        self.report.kept = sorted(set(self.report.kept), key=fold)


_FIELD_NAMES = {"nom": lambda: _("preferred term"), "synonymes": lambda: _("synonyms"),
                "note": lambda: _("scope note"), "parent_id": lambda: _("broader term")}


def _merged_synonyms(current, given, name):
    """The theme's synonyms with the file's added (never one equal to its label); and whether it
    keeps synonyms of its own the file does not give."""
    seen, merged = {fold(name)}, []
    for synonym in [*current, *given]:
        if fold(synonym) not in seen:
            seen.add(fold(synonym))
            merged.append(synonym)
    given_keys = {fold(s) for s in given}
    own = [s for s in current if fold(s) not in given_keys and fold(s) != fold(name)]
    return merged, bool(own)


def find_cycle(nodes, parents):
    """A list of nodes forming a cycle (the first repeated at the end), or None; iterative DFS."""
    state = {}
    for start in nodes:
        if start in state:
            continue
        path, stack = [], [(start, iter(parents(start)))]
        state[start] = "open"
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                state[path.pop()] = "done"
            elif state.get(child) == "open":
                return path[path.index(child):] + [child]
            elif child not in state:
                state[child] = "open"
                path.append(child)
                stack.append((child, iter(parents(child))))
    return None


def _update_engines(theme_ids):
    """After the commit: the notices' index rebuilt once (labels of broader terms and synonyms
    live in it), the changed themes in Wagtail's index (what the admin's chooser searches)."""
    from wagtail.search.backends import get_search_backends

    from .tasks import rebuild_index_task

    rebuild_index_task.enqueue()
    themes = list(Theme.objects.filter(pk__in=theme_ids))
    for backend in get_search_backends(with_auto_update=True):
        try:
            backend.add_bulk(Theme, themes)
        except Exception:  # an engine down never undoes an import; rebuild_index catches up
            logger.exception("Themes not added to the search backend %s", backend)
