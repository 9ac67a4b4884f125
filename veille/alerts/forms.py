from django import forms
from django.utils.translation import gettext_lazy as _

from veille.forms import AddressForm
from veille.models import Frequence


class SubscribeForm(AddressForm):
    """The subscriber's side of the request (the search travels in the same POST: searches.SavedSearch)."""

    frequence = forms.ChoiceField(label=_("Frequency"), choices=Frequence.choices, initial=Frequence.HEBDOMADAIRE)


class FrequencyForm(forms.Form):
    frequence = forms.ChoiceField(label=_("Frequency"), choices=Frequence.choices)
