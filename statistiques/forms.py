"""The period of the statistics page and the form that makes a query a synonym of a thème."""
from django import forms
from django.utils.translation import gettext_lazy as _

from base_documentaire.models import Theme
from base_documentaire.text import fold
from base_documentaire.vocabulary import theme_aliases

from .report import Period

MAX_SYNONYM = 200
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # the browser's date picker: ISO dates


class PeriodForm(forms.Form):
    du = forms.DateField(label=_("First day"), required=False, widget=DATE_WIDGET)
    au = forms.DateField(label=_("Last day"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            self.add_error("au", _("The end date must not be before the start date."))
        return data

    def period(self):
        """The chosen period, the default one (last thirteen weeks) for what is missing or invalid."""
        default = Period.default()
        if not self.is_valid():
            return default
        return Period(self.cleaned_data.get("du") or default.start, self.cleaned_data.get("au") or default.end)


class SynonymForm(forms.Form):
    synonyme = forms.CharField(label=_("Synonym"), max_length=MAX_SYNONYM, strip=True)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.order_by("nom"),
                                   empty_label=_("Choose a theme"))

    def clean_synonyme(self):
        text = " ".join(self.cleaned_data["synonyme"].split())
        if not fold(text):
            raise forms.ValidationError(_("Enter a word or an expression."))
        taken = _label_owner(text)
        if taken:
            raise forms.ValidationError(
                _("« %(text)s » is already a label or a synonym of the theme « %(theme)s ».") % {
                    "text": text, "theme": taken})
        return text

    def save(self):
        theme = self.cleaned_data["theme"]
        theme.synonymes = "\n".join([*theme.synonymes.splitlines(), self.cleaned_data["synonyme"]]).strip()
        theme.save()  # base_documentaire.signals: the index is rebuilt behind its alias (no downtime)
        return theme


def _label_owner(text):
    """The thème that already has this label or synonym (folded comparison), or None."""
    wanted = fold(text)
    for nom, synonymes in Theme.objects.values_list("nom", "synonymes"):
        if any(fold(label) == wanted for label in theme_aliases(nom, synonymes)):
            return nom
    return None
