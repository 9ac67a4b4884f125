"""The admin's login form (WAGTAILADMIN_USER_LOGIN_FORM): Wagtail's, with the login lockout."""
from wagtail.admin.forms.auth import LoginForm

from . import login_lockout


class AdminLoginForm(LoginForm):
    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username and password:
            login_lockout.attempt(self.request, username)
        cleaned_data = super().clean()  # raises on a wrong password or an inactive account
        if username and password:
            login_lockout.clear(username)
        return cleaned_data
