"""Sets of the repository: `theme:<slug>` per thesaurus term (a broad theme holds the notices of
its narrower ones), `contributeur:<code>` per contributing centre, and their parents `theme`
and `contributeur`. Slugs are set once when a theme is created, so a set spec does not move."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from base_documentaire.models import Contributeur, Theme
from base_documentaire.vocabulary import Hierarchy

THEME = "theme"
CONTRIBUTEUR = "contributeur"


@dataclass(frozen=True)
class Set:
    spec: str
    name: str
    description: str = ""


def theme_spec(slug):
    return f"{THEME}:{slug}"


def contributeur_spec(code):
    return f"{CONTRIBUTEUR}:{code}"


class ThemeTree:
    """The thesaurus in memory (one query), for set specs and set filters."""

    def __init__(self):
        rows = list(Theme.objects.values_list("pk", "slug", "parent", "nom"))
        self._slugs = {pk: slug for pk, slug, _parent, _nom in rows}
        self.names = {pk: nom for pk, _slug, _parent, nom in rows}
        self._by_slug = {slug: pk for pk, slug in self._slugs.items()}
        self._hierarchy = Hierarchy((pk, parent) for pk, _slug, parent, _nom in rows)

    def specs(self, theme_ids):
        """Set specs of these themes and of all their broader themes."""
        return [theme_spec(self._slugs[pk]) for pk in self._hierarchy.ancestors(theme_ids) if pk in self._slugs]

    def narrower_or_self(self, slug):
        """Ids of the theme with this slug and of every narrower theme; None if no such theme."""
        root = self._by_slug.get(slug)
        return None if root is None else self._hierarchy.descendants([root])


def notice_specs(theme_ids, contributeur, tree):
    """The sets of a notice with these themes and this contributeur (or None)."""
    specs = tree.specs(theme_ids)
    if contributeur is not None:
        specs.append(contributeur_spec(contributeur.code))
    return list(dict.fromkeys(specs))


def all_sets():
    found = [Set(THEME, _("Themes")), Set(CONTRIBUTEUR, _("Contributors"))]
    found += [Set(theme_spec(slug), nom, note) for slug, nom, note in Theme.objects.values_list("slug", "nom", "note")]
    found += [Set(contributeur_spec(code), nom) for code, nom in Contributeur.objects.values_list("code", "nom")]
    return found
