"""The admin's login form (WAGTAILADMIN_USER_LOGIN_FORM): Wagtail's, with the login lockout."""
from django.forms import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from . import login_lockout


class AdminLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's form redeclares `password` without a label, so Django derives one from the field's
        # name: an untranslatable English "Password". Django's own (translated) label, as on its form.
        self.fields["password"].label = _("Password")

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not (username and password):
            return super().clean()
        login_lockout.attempt(self.request, username)
        try:
            cleaned_data = super().clean()
        except ValidationError:
            if self.user_cache is None:  # a wrong password, not an inactive account
                login_lockout.failed(self.request)
            raise
        login_lockout.clear(username)
        return cleaned_data
