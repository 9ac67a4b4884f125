"""Forms of the agenda: the listing's filters (shared thème/territoire form plus kind, month and
origin) and the registration form of an event."""
import datetime
import re

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from crpv_site.filter_chips import Chip, query_without
from ressources.listing import VocabularyFilterForm

from .models import Inscription, Kind

ORIGINS = [("", _("All events")), ("centre", _("Our events")),
           ("autres", _("Agenda des autres manifestations"))]
MONTH_FORMAT = "%Y-%m"


class AgendaFilterForm(VocabularyFilterForm):
    type = forms.MultipleChoiceField(label=_("Kind"), choices=Kind.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)
    mois = forms.ChoiceField(label=_("Month"), required=False)
    origine = forms.ChoiceField(label=_("Organised by"), choices=ORIGINS, required=False)

    def __init__(self, data=None, *, queryset, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        months = queryset.datetimes("date_debut", "month", order="DESC")
        self.fields["mois"].choices = [("", _("Every month"))] + [
            (month.strftime(MONTH_FORMAT), formats.date_format(month, "F Y")) for month in months]

    def filter_extra(self, queryset, data):
        if data["type"]:
            queryset = queryset.filter(kind__in=data["type"])
        if data["mois"]:
            start, end = month_bounds(data["mois"])
            queryset = queryset.filter(date_debut__lt=end, date_fin__gte=start)
        if data["origine"]:
            queryset = queryset.filter(autre_manifestation=data["origine"] == "autres")
        return queryset

    def selection_labels(self):
        """What the valid filters select, as labels (titles of the page and of the feeds)."""
        if not self.is_filtered():
            return []
        data, kinds = self.cleaned_data, dict(Kind.choices)
        labels = [str(kinds[value]) for value in data["type"]] + data["theme"] + data["territoire"]
        if data["mois"]:
            labels.append(str(dict(self.fields["mois"].choices)[data["mois"]]))
        if data["origine"]:
            labels.append(str(dict(ORIGINS)[data["origine"]]))
        return labels

    def chips(self, params):
        """One Chip per active filter of the valid form, each removing only itself from the query `params`."""
        if not self.is_filtered():
            return []
        data, kinds, months = self.cleaned_data, dict(Kind.choices), dict(self.fields["mois"].choices)
        values = [("type", value, kinds[value]) for value in data["type"]]
        values += [(name, value, value) for name in ("theme", "territoire") for value in data[name]]
        values += [(name, data[name], labels[data[name]]) for name, labels in (("mois", months), ("origine", dict(ORIGINS)))
                   if data[name]]
        return [Chip(str(self.fields[name].label), str(label), query_without(params, name, value))
                for name, value, label in values]

    def error_text(self):
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


def month_bounds(value):
    """The first moment of the month "YYYY-MM" and of the next one, in the site's time zone."""
    first = datetime.datetime.strptime(value, MONTH_FORMAT)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return timezone.make_aware(first), timezone.make_aware(following)


HTML = re.compile(r"[<>]")


class InscriptionForm(forms.ModelForm):
    # Honeypot: hidden from people (CSS and aria-hidden), filled by spam robots.
    site_web = forms.CharField(label=_("Leave this field empty"), required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    class Meta:
        model = Inscription
        fields = ["prenom", "nom", "organisation", "email"]
        widgets = {
            "prenom": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "nom": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "prenom": {"required": _("Enter your first name.")},
            "nom": {"required": _("Enter your last name.")},
            "email": {"required": _("Enter your e-mail address."),
                      "invalid": _("Enter a valid e-mail address, for example nom@exemple.fr.")},
        }

    def __init__(self, *args, evenement, **kwargs):
        super().__init__(*args, **kwargs)
        self.evenement = evenement

    def clean_site_web(self):
        if self.cleaned_data["site_web"]:
            raise forms.ValidationError(_("Your registration could not be recorded."))
        return ""

    def clean(self):
        data = super().clean()
        for name in ("prenom", "nom", "organisation"):
            if HTML.search(data.get(name) or ""):
                self.add_error(name, _("Characters < and > are not allowed."))
        email = (data.get("email") or "").strip().lower()
        if email and is_registered(self.evenement, email):
            self.add_error("email", already_registered_error())
        return data


def is_registered(evenement, email):
    return (Inscription.objects.filter(evenement=evenement, email=email)
            .exclude(statut=Inscription.Statut.ANNULEE).exists())


def already_registered_error():
    return forms.ValidationError(_("This e-mail address is already registered for this event."))
