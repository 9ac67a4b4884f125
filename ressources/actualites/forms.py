"""Filters of the news listing and of its RSS feed: the shared thème/territoire form plus kind,
year and month."""
from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from ressources.listing import VocabularyFilterForm

from .models import Kind


class NewsFilterForm(VocabularyFilterForm):
    field_order = ["type", "theme", "territoire", "annee", "mois"]
    type = forms.MultipleChoiceField(label=_("Kind"), choices=Kind.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)
    annee = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    mois = forms.TypedChoiceField(label=_("Month"), required=False, coerce=int, empty_value=None,
                                  choices=[("", _("Every month"))] + sorted(MONTHS.items()))

    def __init__(self, data=None, *, queryset, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        years = [day.year for day in queryset.dates("date", "year", order="DESC")]
        self.fields["annee"].choices = [("", _("Every year"))] + [(year, year) for year in years]

    def clean(self):
        data = super().clean()
        if data.get("mois") and not data.get("annee"):
            self.add_error("mois", _("Choose a year to filter by month."))
        return data

    def filter_extra(self, queryset, data):
        if data["type"]:
            queryset = queryset.filter(kind__in=data["type"])
        if data["annee"]:
            queryset = queryset.filter(date__year=data["annee"])
        if data["mois"]:
            queryset = queryset.filter(date__month=data["mois"])
        return queryset

    def selection_labels(self):
        """What the valid filters select, as labels (for titles of the page and of the feed)."""
        if not self.is_filtered():
            return []
        data, kinds = self.cleaned_data, dict(Kind.choices)
        labels = [str(kinds[value]) for value in data["type"]] + data["theme"] + data["territoire"]
        if data["annee"]:
            labels.append(f"{MONTHS[data['mois']]} {data['annee']}" if data["mois"] else str(data["annee"]))
        return labels

    def error_text(self):
        return " ".join(str(message) for errors in self.errors.values() for message in errors)
