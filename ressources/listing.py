"""Filter forms shared by the editorial listings (agenda, actualités, annuaire, publications).

GET parameters follow the documentary search: `theme` (a theme's name) and `territoire` (a
territory's label), each repeatable. Offered choices are the thèmes and territoires actually used
by the listed objects, plus the broader ones containing them; selecting a broad one includes what
is below it.
"""
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from base_documentaire.models import Territoire, Theme

from .related import filter_by_vocabulary
from .request_cache import cached
from .vocabulary import (territory_ids_with_ancestors, territory_ids_with_descendants, theme_ids_with_broader,
                         theme_ids_with_narrower)

# Régions first, QPV last: the order of the hierarchy, not of the level codes.
LEVEL_ORDER = Case(*(When(niveau=level, then=Value(rank)) for rank, level in enumerate(Territoire.Niveau.values)),
                   output_field=IntegerField())


class VocabularyFilterForm(forms.Form):
    """Subclass to add fields; override `filter_extra(queryset, cleaned_data)` to apply them."""

    theme = forms.MultipleChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple)
    territoire = forms.MultipleChoiceField(label=_("Territories"), required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, data=None, *, queryset, **kwargs):
        super().__init__(data, **kwargs)
        self._themes, self._territories = _used_vocabulary(queryset)
        self.fields["theme"].choices = [(theme.nom, theme.nom) for theme in self._themes]
        self.fields["territoire"].choices = [(item.libelle, item.libelle) for item in self._territories]

    def filter(self, queryset):
        """The queryset narrowed by every valid selection (an invalid form filters nothing)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        theme_ids = [theme.pk for theme in self._themes if theme.nom in data["theme"]]
        territory_ids = [item.pk for item in self._territories if item.libelle in data["territoire"]]
        queryset = filter_by_vocabulary(
            queryset,
            theme_ids_with_narrower(theme_ids) if theme_ids else None,
            territory_ids_with_descendants(territory_ids) if territory_ids else None,
        )
        return self.filter_extra(queryset, data)

    def filter_extra(self, queryset, data):
        return queryset

    def is_filtered(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())


def _used_vocabulary(queryset):
    """Themes and territories tagged on the queryset's objects, with everything above them."""
    theme_ids = set(queryset.values_list("themes", flat=True)) - {None}
    territory_ids = set(queryset.values_list("territoires", flat=True)) - {None}
    themes = list(Theme.objects.filter(pk__in=theme_ids_with_broader(theme_ids)).order_by("nom"))
    territories = list(Territoire.objects.filter(pk__in=territory_ids_with_ancestors(territory_ids))
                       .order_by(LEVEL_ORDER, "libelle"))
    return themes, territories


def paginate(request, items, per_page=20):
    """The requested page of `items` (the first one for a missing or bad number, the last one past the end)."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def filtered_list_url(index_page, theme_ids, territory_ids):
    """The address of `index_page`'s listing filtered on those thèmes and territoires ("" without a page)."""
    if index_page is None:
        return ""
    return f"{index_page.url}?{urlencode(vocabulary_params(theme_ids, territory_ids))}"


def vocabulary_params(theme_ids, territory_ids):
    """The listing's GET parameters selecting those thèmes and territoires (read once per request)."""
    themes, territories = frozenset(theme_ids or ()), frozenset(territory_ids or ())
    return cached(("vocabulary_params", themes, territories), lambda: _vocabulary_params(themes, territories))


def _vocabulary_params(theme_ids, territory_ids):
    params = [("theme", name) for name in Theme.objects.filter(pk__in=theme_ids).values_list("nom", flat=True)]
    params += [("territoire", label)
               for label in Territoire.objects.filter(pk__in=territory_ids).values_list("libelle", flat=True)]
    return params
