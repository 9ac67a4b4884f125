"""Forms of the reader's space (allauth's own forms serve sign-up, login and the rest)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NAME_LENGTH, QUERY_LENGTH


class NameField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=NAME_LENGTH, strip=True, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return " ".join(value.split())


class SaveSearchForm(forms.Form):
    nom = NameField(label=_("Name of the search"))
    requete = forms.CharField(widget=forms.HiddenInput, required=False, max_length=QUERY_LENGTH * 2)


class SaveBasketForm(forms.Form):
    nom = NameField(label=_("Name of the basket"))


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password
