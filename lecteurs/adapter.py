"""allauth's adapter for this site: readers only, e-mails like every e-mail of the product.

- Links in e-mails (confirmation, password reset, sign-up) are built on the configured site address
  (WAGTAILADMIN_BASE_URL, crpv_site.mail.absolute_url), never on the request's host: allauth's defaults use
  `request.build_absolute_uri`, which a forged Host header or a proxy would change.
- E-mails are HTML + text, in French, with the site's name and address (crpv_site.mail.mail_context); the
  `current_site` allauth's text templates print is replaced by the site's configured name and address.
- Team accounts (admin access) are refused at the readers' login: they sign in through the admin's own page.
- Login attempts go through the lockout both logins share (crpv_site.security.login_lockout).
"""
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from crpv_site import mail
from crpv_site.security import login_lockout

from .access import is_reader


# Links allauth's e-mails carry, rebuilt on the site address (allauth builds them from the request).
SITE_LINKS = {"signup_url": "account_signup", "password_reset_url": "account_reset_password",
              "login_url": "account_login"}


def login_of(credentials):
    """The account a login attempt names (readers sign in by e-mail)."""
    return credentials.get("email") or credentials.get("username") or ""


def site_identity():
    """What allauth's templates call `current_site`: the site's configured name and address."""
    address = mail.site_url()
    return SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(address).netloc or address)


class ReaderAccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        return f"{subject} — {settings.WAGTAIL_SITE_NAME}"

    def send_mail(self, template_prefix, email, context):
        links = {name: mail.absolute_url(reverse(url_name)) for name, url_name in SITE_LINKS.items()}
        if template_prefix.endswith("/password_reset_key"):
            del links["password_reset_url"]  # the reset link itself, from get_reset_password_from_key_url
        context = mail.mail_context({**context, **links, "email": email, "current_site": site_identity()})
        self.render_mail(template_prefix, email, context).send()

    def get_email_confirmation_url(self, request, emailconfirmation):
        return mail.absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return mail.absolute_url(path.replace("UID-KEY", quote(key)))

    def pre_authenticate(self, request, **credentials):
        """The login lockout shared with the admin's login (crpv_site.security.login_lockout), before the password."""
        super().pre_authenticate(request, **credentials)
        login_lockout.attempt(request, login_of(credentials))

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            login_lockout.clear(login_of(credentials))
        return user

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        login_lockout.failed(request)

    def pre_login(self, request, user, **kwargs):
        if user.is_active and not is_reader(user):
            messages.error(request, _("This account gives access to the administration: sign in through the "
                                      "administration's login page."))
            return HttpResponseRedirect(reverse("wagtailadmin_login"))
        return super().pre_login(request, user, **kwargs)


def user_display(user):
    """How allauth names an account in pages and e-mails: its e-mail address (readers have no other name)."""
    return user.email or user.get_username()
