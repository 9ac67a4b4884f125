from django import forms
from django.utils.translation import gettext_lazy as _


class AddressForm(forms.Form):
    """The address a subscription (alert, bulletins) sends to: typed by a visitor, the account's own for a
    signed-in reader (no field to fill then)."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254, required=False,
                             error_messages={"invalid": _("Enter a valid e-mail address, such as nom@exemple.fr."),
                                             "required": _("Enter your e-mail address.")})

    def __init__(self, *args, account_email=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email
        self.fields["email"].required = account_email is None

    def clean_email(self):
        return self.account_email or self.cleaned_data["email"]
