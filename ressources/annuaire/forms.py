"""Filters of the directory: the shared thème/territoire form plus the type of acteur and a search box."""
import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ressources.listing import VocabularyFilterForm

from .models import Personne, TypeActeur

MAX_QUERY_LENGTH = 200
# Words only: quotes, brackets and operators typed in the box are ignored, never interpreted.
WORD = re.compile(r"\w[\w'’-]*")


def search_terms(text):
    return WORD.findall(text or "")[:10]


def search(queryset, text):
    """Acteurs whose name, acronym, description or a consenting person's name holds every word."""
    for term in search_terms(text):
        people = Personne.objects.public().filter(Q(nom__icontains=term) | Q(prenom__icontains=term))
        queryset = queryset.filter(Q(nom__icontains=term) | Q(sigle__icontains=term)
                                   | Q(description__icontains=term) | Q(pk__in=people.values("acteur")))
    return queryset


class ActeurFilterForm(VocabularyFilterForm):
    q = forms.CharField(label=_("Search the directory"), required=False, max_length=MAX_QUERY_LENGTH,
                        error_messages={"max_length": _("Shorten your search to %(limit_value)d characters at most.")})
    type = forms.MultipleChoiceField(label=_("Type of actor"), required=False, widget=forms.CheckboxSelectMultiple,
                                     error_messages={"invalid_choice": _("This type of actor does not exist: %(value)s.")})
    field_order = ["q", "type", "theme", "territoire"]

    def __init__(self, data=None, *, queryset, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        used = set(queryset.values_list("type_acteur", flat=True))
        self.fields["type"].choices = [(value, label) for value, label in TypeActeur.choices if value in used]

    def filter_extra(self, queryset, data):
        if data["type"]:
            queryset = queryset.filter(type_acteur__in=data["type"])
        return search(queryset, data["q"])

    def selection_labels(self):
        """What the valid filters select, as labels (for the page title and the results heading)."""
        if not self.is_filtered():
            return []
        data, types = self.cleaned_data, dict(TypeActeur.choices)
        labels = [f"« {data['q']} »"] if data["q"] else []
        return labels + [str(types[value]) for value in data["type"]] + data["theme"] + data["territoire"]
