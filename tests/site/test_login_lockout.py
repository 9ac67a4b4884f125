"""Login lockout on both logins, the admin's (user name) and the readers' (e-mail): five attempts per account
from one address every quarter of an hour, thirty per address; a French message on the login page; the user
still signs in from elsewhere, after the window, and after a password reset; a success clears the count."""
import re
import time
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from unittest import mock

import pytest
from allauth.account.forms import default_token_generator as allauth_tokens
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.site.test_rate_limits import database_cache  # noqa: F401  (fixture)

PASSWORD = "Une-phrase-de-passe-2026"
NEW_PASSWORD = "Une-autre-phrase-2027"
ATTACKER, USER_ADDRESS = "203.0.113.66", "198.51.100.7"
LOCKED = "Trop de tentatives de connexion échouées depuis votre connexion : réessayez dans"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("documentaliste", "doc@example.org", PASSWORD)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def reader(db):
    user = get_user_model().objects.create_user("lectrice", "lectrice@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


class AdminLogin:
    url = "/admin/login/"

    def __init__(self, user):
        self.user, self.identifier = user, user.username

    def post(self, password, address=ATTACKER, identifier=None, client=None):
        client = client or Client()
        data = {"username": identifier or self.identifier, "password": password}
        response = client.post(self.url, data, REMOTE_ADDR=address)
        return Outcome(response, client)


class ReaderLogin(AdminLogin):
    url = "/compte/connexion/"

    def __init__(self, user):
        self.user, self.identifier = user, user.email

    def post(self, password, address=ATTACKER, identifier=None, client=None):
        client = client or Client()
        data = {"login": identifier or self.identifier, "password": password}
        response = client.post(self.url, data, REMOTE_ADDR=address)
        return Outcome(response, client)


class Outcome:
    def __init__(self, response, client):
        self.response, self.client = response, client
        self.html = response.content.decode() if response.status_code == 200 else ""

    @property
    def signed_in(self):
        return "_auth_user_id" in self.client.session

    @property
    def locked(self):
        return LOCKED in self.html


@pytest.fixture(params=["admin", "lecteurs"])
def login(request, editor, reader):
    return AdminLogin(editor) if request.param == "admin" else ReaderLogin(reader)


def fail(login, times, address=ATTACKER, **kwargs):
    outcomes = [login.post("pas-le-bon", address, **kwargs) for _attempt in range(times)]
    assert not any(outcome.signed_in for outcome in outcomes)
    return outcomes


def test_five_failures_lock_the_account_from_that_address_with_a_french_message(login):
    outcomes = fail(login, 5)
    assert not any(outcome.locked for outcome in outcomes)  # each told the password is wrong
    refused = login.post(PASSWORD)  # even the right password now waits, unchecked
    assert refused.response.status_code == 200 and refused.locked and not refused.signed_in
    minutes = re.search(LOCKED + r" (\d+) minutes?, ou réinitialisez votre mot de passe\.", refused.html).group(1)
    assert 1 <= int(minutes) <= 15  # the end of the quarter of an hour
    assert 'lang="fr"' in refused.html


def test_the_attacker_never_locks_the_user_out_from_elsewhere(login):
    fail(login, 8)
    assert login.post(PASSWORD, USER_ADDRESS).signed_in


def test_the_lock_expires_with_its_window(login):
    fail(login, 5)
    assert login.post(PASSWORD).locked
    with mock.patch("crpv_site.security.ratelimit.time.time", return_value=time.time() + 15 * 60):
        assert login.post(PASSWORD).signed_in


def test_a_successful_login_clears_the_count(login):
    fail(login, 4)
    assert login.post(PASSWORD).signed_in
    outcomes = fail(login, 4)
    assert not any(outcome.locked for outcome in outcomes)


def test_the_account_is_matched_ignoring_case(login):
    fail(login, 5, identifier=login.identifier.upper())
    assert login.post(PASSWORD).locked


def test_one_address_cannot_try_many_accounts(editor, reader):
    admin, readers = AdminLogin(editor), ReaderLogin(reader)
    for index in range(15):
        assert not admin.post("pas-le-bon", identifier=f"compte-{index}").locked
        assert not readers.post("pas-le-bon", identifier=f"compte-{index}@example.org").locked
    assert admin.post(PASSWORD).locked  # an account never tried from this address
    assert readers.post(PASSWORD).locked  # both logins share the count of the address
    assert admin.post(PASSWORD, USER_ADDRESS).signed_in


def test_successful_logins_from_one_address_never_lock_it(editor):
    """An office behind one address: its users' successful logins do not count."""
    admin = AdminLogin(editor)
    for _login in range(40):
        assert admin.post(PASSWORD).signed_in


def test_behind_a_proxy_the_forwarded_address_counts(settings, editor):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    admin = AdminLogin(editor)
    for _attempt in range(5):
        Client().post(admin.url, {"username": editor.username, "password": "x"}, REMOTE_ADDR="10.0.0.1",
                      HTTP_X_FORWARDED_FOR=ATTACKER)
    client = Client()
    client.post(admin.url, {"username": editor.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR=USER_ADDRESS)
    assert "_auth_user_id" in client.session  # same proxy, another client


def test_a_password_reset_from_the_admin_clears_the_lock(editor):
    admin = AdminLogin(editor)
    fail(admin, 5)
    client = Client()
    path = reverse("wagtailadmin_password_reset_confirm",
                   kwargs={"uidb64": urlsafe_base64_encode(force_bytes(editor.pk)),
                           "token": default_token_generator.make_token(editor)})
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.redirect_chain
    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                        "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert admin.post(NEW_PASSWORD).signed_in


def test_a_password_reset_by_the_readers_link_clears_the_lock(reader):
    readers = ReaderLogin(reader)
    fail(readers, 5)
    client = Client()
    path = reverse("account_reset_password_from_key",
                   kwargs={"uidb36": user_pk_to_url_str(reader), "key": allauth_tokens.make_token(reader)})
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.redirect_chain
    response = client.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert readers.post(NEW_PASSWORD).signed_in


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("kind", ["admin", "lecteurs"])
def test_concurrent_guesses_check_five_passwords_at_most(settings, database_cache, kind):  # noqa: F811
    """Twenty wrong passwords sent at once, on the database cache on PostgreSQL: five are checked, fifteen
    locked out before their password is read."""
    assert connection.vendor == "postgresql"
    # allauth's own limit on its login view refuses (429) requests that find its counter locked: off here, so
    # that every guess reaches the lockout.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": False}
    user = get_user_model().objects.create_user("cible", "cible@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    login = AdminLogin(user) if kind == "admin" else ReaderLogin(user)
    barrier = Barrier(20)

    def guess(_index):
        try:
            barrier.wait()
            outcome = login.post("pas-le-bon")
        finally:
            connection.close()
        assert outcome.response.status_code == 200
        return "locked" if outcome.locked else "checked"

    with ThreadPoolExecutor(20) as pool:
        outcomes = list(pool.map(guess, range(20)))
    assert outcomes.count("checked") == 5 and outcomes.count("locked") == 15
