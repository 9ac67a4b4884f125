from django import forms
from django.utils.translation import gettext_lazy as _

from veille.models import Frequence


class SubscribeForm(forms.Form):
    """The subscriber's side of the request (the search travels in the same POST: searches.SavedSearch)."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254, required=False,
                             error_messages={"invalid": _("Enter a valid e-mail address, such as nom@exemple.fr.")})
    frequence = forms.ChoiceField(label=_("Frequency"), choices=Frequence.choices, initial=Frequence.HEBDOMADAIRE)

    def __init__(self, *args, account_email=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email
        self.fields["email"].required = account_email is None

    def clean_email(self):
        return self.account_email or self.cleaned_data["email"]


class FrequencyForm(forms.Form):
    frequence = forms.ChoiceField(label=_("Frequency"), choices=Frequence.choices)
