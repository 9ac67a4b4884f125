"""Load the seed thesaurus of politique de la ville themes (base_documentaire/data/thesaurus.json).

Safe to run again: themes are matched by name (accents and case ignored) and only completed,
never emptied nor deleted. Synonyms missing from a theme are added (the editors' own synonyms
stay), the scope note and the broader term are filled in only when the theme has none, so the
editors' changes are kept. The search index is rebuilt once at the end when anything changed.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from base_documentaire.models import Theme
from base_documentaire.text import fold
from base_documentaire.vocabulary import theme_hierarchy

SEED = Path(__file__).resolve().parents[2] / "data" / "thesaurus.json"


class ThesaurusError(Exception):
    pass


@dataclass
class SeedTerm:
    nom: str
    synonymes: list
    note: str
    parent: str | None


@dataclass
class ThesaurusReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def read_seed(path=SEED):
    """The seed terms, broader terms first; every label (name or synonym) is used once only."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ThesaurusError(_("Cannot read the thesaurus %(path)s: %(error)s") % {"path": path, "error": error})
    terms, labels = [], {}

    def walk(nodes, parent):
        if not isinstance(nodes, list):
            raise ThesaurusError(_("Malformed thesaurus: a list of themes was expected under %(parent)s.") % {
                "parent": parent or "themes"})
        for node in nodes:
            nom = " ".join(str(node.get("nom") or "").split()) if isinstance(node, dict) else ""
            if not nom:
                raise ThesaurusError(_("Malformed thesaurus: a theme without a name under %(parent)s.") % {
                    "parent": parent or "themes"})
            synonymes = [" ".join(str(s).split()) for s in node.get("synonymes", []) if str(s).strip()]
            for label in [nom, *synonymes]:
                if fold(label) in labels:
                    raise ThesaurusError(_(
                        "Malformed thesaurus: \"%(label)s\" is used by both %(first)s and %(second)s."
                    ) % {"label": label, "first": labels[fold(label)], "second": nom})
                labels[fold(label)] = nom
            terms.append(SeedTerm(nom, synonymes, str(node.get("note") or "").strip(), parent))
            walk(node.get("enfants", []), nom)

    walk(data.get("themes") if isinstance(data, dict) else None, None)
    return terms


def load_thesaurus(path=SEED, dry_run=False):
    terms = read_seed(path)
    report = ThesaurusReport()
    with transaction.atomic():
        by_name = {}
        for theme in Theme.objects.all():
            by_name.setdefault(fold(theme.nom), theme)
        for theme in Theme.objects.all():  # an exact name wins over a folded one
            by_name[theme.nom] = theme
        slugs = set(Theme.objects.values_list("slug", flat=True))
        resolved = {}
        for term in terms:
            parent = resolved.get(term.parent)
            theme = by_name.get(term.nom) or by_name.get(fold(term.nom))
            if theme is None:
                theme = Theme(nom=term.nom, slug=_unique_slug(term.nom, slugs), synonymes="\n".join(term.synonymes),
                              note=term.note, parent=parent)
                Theme.objects.bulk_create([theme])  # no post_save: one index rebuild at the end, not forty
                report.created.append(theme.nom)
            else:
                changes = _completion(theme, term, parent)
                if changes:
                    Theme.objects.filter(pk=theme.pk).update(**changes)
                    for name, value in changes.items():
                        setattr(theme, name, value)
                    report.updated.append(theme.nom)
                else:
                    report.unchanged.append(theme.nom)
            resolved[term.nom] = theme
        if dry_run:
            transaction.set_rollback(True)
        elif report.created or report.updated:
            from base_documentaire import facet_tree
            from base_documentaire.tasks import rebuild_index_task

            facet_tree.vocabulary_loaded()  # bulk_create and update(): no signal

            transaction.on_commit(rebuild_index_task.enqueue)
    return report


def _completion(theme, term, parent):
    """What the seed adds to an existing theme, without overwriting the editors' work."""
    changes = {}
    lines = theme.synonym_list()
    known = {fold(line) for line in lines} | {fold(theme.nom)}
    missing = [s for s in term.synonymes if fold(s) not in known]
    if missing:
        changes["synonymes"] = "\n".join(lines + missing)
    if term.note and not theme.note.strip():
        changes["note"] = term.note
    if parent is not None and theme.parent_id is None and not _is_ancestor(theme, parent):
        changes["parent_id"] = parent.pk
    return changes


def _is_ancestor(theme, candidate):
    """Would ``theme`` become its own ancestor under ``candidate``? (The hierarchy is read afresh:
    earlier terms of the seed may have just moved.)"""
    return theme.pk in theme_hierarchy().ancestors([candidate.pk])


def _unique_slug(nom, taken):
    base = slugify(nom)[:190] or "theme"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


class Command(BaseCommand):
    help = "Charge le thésaurus de départ des thèmes de la politique de la ville (relançable sans risque)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(SEED),
                            help="Fichier JSON du thésaurus (par défaut celui du projet).")
        parser.add_argument("--dry-run", action="store_true", help="Calcule le bilan sans rien enregistrer.")

    def handle(self, *args, file, dry_run, **options):
        try:
            report = load_thesaurus(file, dry_run=dry_run)
        except ThesaurusError as error:
            raise CommandError(str(error)) from error
        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
        summary = _("Themes: %(created)d created, %(updated)d completed, %(unchanged)d unchanged") % {
            "created": len(report.created), "updated": len(report.updated), "unchanged": len(report.unchanged)}
        self.stdout.write(self.style.SUCCESS(summary))
