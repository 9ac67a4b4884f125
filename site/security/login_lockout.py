"""Login lockout, the same for the admin's login (by user name) and the readers' (by e-mail).

Two counters on the shared cache (crpv_site.security.ratelimit):

- the account from this address (LOGIN_LOCKOUT_ACCOUNT_RATE, "5/15m"): every attempt takes a ticket before the
  password is checked (atomic: twenty guesses sent at once get five passwords checked); after five in the
  quarter of an hour, this address waits for the next one. A successful login and a password change (the reset
  link, the admin, « Mon espace ») clear the account's count, from every address;
- the failures from this address, whatever the account (LOGIN_LOCKOUT_ADDRESS_RATE, "30/15m"): one address
  cannot try many accounts; successful logins do not count (an office behind one address). Failures are
  counted once known, so guesses sent at once may pass this one by the number in flight; the per-account
  count above stays exact.

An attacker never locks a user out: his attempts count against his own address, and every lock ends with
its window. The refusal is a French message on the login page, the password left unchecked.
"""
import secrets

from django.conf import settings
from django.core.cache import cache
from django.forms import ValidationError
from django.utils.translation import ngettext

from .ratelimit import Limiter, Rate, client_address, digest

GENERATION_SECONDS = 30 * 86400  # a cleared count stays cleared longer than any window


def _limiters():
    return (Limiter("connexion-adresse", Rate.parse(settings.LOGIN_LOCKOUT_ADDRESS_RATE)),
            Limiter("connexion-compte", Rate.parse(settings.LOGIN_LOCKOUT_ACCOUNT_RATE)))


def _account(identifier):
    return (identifier or "").strip().casefold()


def _generation_key(account):
    return f"connexion:generation:{digest(account)}"


def attempt(request, identifier):
    """Count one login attempt; raise a French ValidationError when this address must wait."""
    account = _account(identifier)
    address = client_address(request)
    by_address, by_account = _limiters()
    decision = by_address.peek(address)
    if decision.allowed:
        generation = cache.get(_generation_key(account), "")
        decision = by_account.hit(f"{generation}\n{account}\n{address}")
    if not decision.allowed:
        raise ValidationError(locked_message(decision.retry_after), code="locked")


def failed(request):
    """Count a wrong password (or an unknown account) against the client's address."""
    by_address, _by_account = _limiters()
    by_address.hit(client_address(request))


def clear(*identifiers):
    """Forget the attempts counted for these accounts (user name, e-mail), from every address."""
    cache.set_many({_generation_key(_account(identifier)): secrets.token_hex(8)
                    for identifier in identifiers if identifier}, GENERATION_SECONDS)


def locked_message(retry_after):
    minutes = max(1, -(-retry_after // 60))
    return ngettext("Too many failed login attempts from your connection: try again in %(minutes)d minute, "
                    "or reset your password.",
                    "Too many failed login attempts from your connection: try again in %(minutes)d minutes, "
                    "or reset your password.", minutes) % {"minutes": minutes}


def clear_on_password_change(sender, instance, **kwargs):
    """post_save of the user model: a new password (set_password, then save) clears the account's counts."""
    if getattr(instance, "_password", None) is not None:  # what AbstractBaseUser.save reads for the same purpose
        clear(instance.get_username(), getattr(instance, "email", ""))
