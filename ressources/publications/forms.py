"""Filters of the publications listing and of its RSS feed: the shared thème/territoire form plus
kind and year."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ressources.listing import VocabularyFilterForm

from .models import Kind


class PublicationFilterForm(VocabularyFilterForm):
    type = forms.MultipleChoiceField(label=_("Type of publication"), choices=Kind.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)
    annee = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    field_order = ["type", "theme", "territoire", "annee"]

    def __init__(self, data=None, *, queryset, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        used = set(queryset.values_list("kind", flat=True))
        self.fields["type"].choices = [(value, label) for value, label in Kind.choices if value in used]
        years = [day.year for day in queryset.dates("date", "year", order="DESC")]
        self.fields["annee"].choices = [("", _("Every year"))] + [(year, year) for year in years]

    def filter_extra(self, queryset, data):
        if data["type"]:
            queryset = queryset.filter(kind__in=data["type"])
        if data["annee"]:
            queryset = queryset.filter(date__year=data["annee"])
        return queryset

    def selection_labels(self):
        """What the valid filters select, as labels (titles of the page and of the feed)."""
        if not self.is_filtered():
            return []
        data, kinds = self.cleaned_data, dict(Kind.choices)
        labels = [str(kinds[value]) for value in data["type"]] + data["theme"] + data["territoire"]
        if data["annee"]:
            labels.append(str(data["annee"]))
        return labels

    def error_text(self):
        return " ".join(str(message) for errors in self.errors.values() for message in errors)
