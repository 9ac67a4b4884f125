"""Matching the labels an import gives to the thèmes and territoires of the base.

`Vocabularies` reads every label once (an import builds one; the partner API keeps one in memory,
reseau/api/vocabularies.py). Its interface is all validation uses: ``.theme(label)`` and
``.territory(label)``, an instance or None; a project-wide vocabulary service offering the same
two methods can replace it.
"""
from django.db import DEFAULT_DB_ALIAS

from base_documentaire.models import Territoire, Theme
from base_documentaire.text import fold


class Vocabularies:
    """Every label of the themes and territories, folded (case and accents ignored)."""

    def __init__(self):
        self.themes, self.territories = {}, {}  # folded label -> instance
        self._read_themes()
        self._read_territories()

    def _read_themes(self):
        """Preferred terms first, then synonyms (a synonym never hides another theme's name)."""
        synonyms = {}
        for pk, nom, synonymes in Theme.objects.values_list("pk", "nom", "synonymes"):
            theme = _light_instance(Theme, pk, "nom", nom)
            self.themes[fold(nom)] = theme
            for synonym in synonymes.splitlines():
                if synonym.strip():
                    synonyms.setdefault(fold(synonym), theme)
        for key, theme in synonyms.items():
            self.themes.setdefault(key, theme)

    def _read_territories(self):
        """Labels first, then names when only one territory bears the name."""
        names = {}
        for pk, libelle, nom in Territoire.objects.values_list("pk", "libelle", "nom"):
            territory = _light_instance(Territoire, pk, "libelle", libelle)
            self.territories[fold(libelle)] = territory
            names.setdefault(fold(nom), []).append(territory)
        for key, territories in names.items():
            if len(territories) == 1:  # "Paris" is a commune and a département: only its label tells which
                self.territories.setdefault(key, territories[0])

    def theme(self, label):
        return self.themes.get(fold(label))

    def territory(self, label):
        return self.territories.get(fold(label))


def _light_instance(model, pk, label_field, label):
    """A light instance, as if read from the database with only its key and sort field."""
    return model.from_db(DEFAULT_DB_ALIAS, ["id", label_field], (pk, label))
