"""Pages and snippets of the editorial apps share the base documentaire's vocabularies.

`VocabularyTagged` gives a model its thèmes and territoires; `theme_ids_with_narrower` and
`territory_ids_with_descendants` widen a selection the way the documentary search does (a broad
theme includes its narrower themes, a département its EPCI, communes and QPV). The walks are the
vocabulary service's (base_documentaire/vocabulary.py); this module only keeps their answers for
the rest of the request (request_cache.py): a page asks them for every list it shows.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from base_documentaire import vocabulary
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
    return _themes().descendants(theme_ids)


def theme_ids_with_broader(theme_ids):
    """The given themes and every broader theme above them."""
    return set(_themes().ancestors(theme_ids))


def _themes():
    """The thesaurus' hierarchy (a few hundred rows), read once per request."""
    return cached("theme_hierarchy", vocabulary.theme_hierarchy)


def territory_ids_with_descendants(territory_ids):
    """The given territories and every territory they contain (EPCI, communes, QPV…)."""
    return _cached_closure("territories_below", territory_ids, vocabulary.territory_ids_with_descendants)


def territory_ids_with_ancestors(territory_ids):
    """The given territories and every territory containing them."""
    return _cached_closure("territories_above", territory_ids, vocabulary.territory_ids_with_ancestors)


def _cached_closure(name, start_ids, closure):
    """The closure (a new set the caller may change), computed once per request for the same start."""
    start = frozenset(start_ids)
    return set(cached((name, start), lambda: frozenset(closure(start))))
