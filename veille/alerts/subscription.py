"""Subscribing to a search, confirming by e-mail (double opt-in), unsubscribing.

Nobody learns who follows what: asking for an alert always gets the same answer, whether the
address already follows the search or not; only the address's owner gets an e-mail about it (the
confirmation link, or a reminder with the manage link when the alert is already confirmed). Asking
twice never creates a second alert, and the mails are rate-limited: one per alert every
RESEND_INTERVAL, MAX_MAILS_PER_ADDRESS per address and hour.
"""
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from crpv_site.mail import absolute_url
from veille import optin
from veille.models import Alerte

from .searches import SavedSearch

CONFIRMATION_VALIDITY = optin.CONFIRMATION_VALIDITY
MailFailed = optin.MailFailed
normalise_email = optin.normalise_email
account_address = optin.account_address


@dataclass
class Subscription:
    alert: Alerte
    confirmed_now: bool = False  # a verified account's address: no e-mail round trip


def subscribe(search, email, frequency, user=None, verified=False, now=None):
    """Record the wish to follow ``search`` at ``email``; the e-mail about it goes out (or not,
    rate-limited). ``verified``: the address is a signed-in account's verified one, confirmed at once.
    Raises MailFailed when the SMTP server refuses (nothing lost: asking again re-sends)."""
    now = now or timezone.now()
    alert, created = _get_or_create(search, normalise_email(email), frequency, user)
    if user is not None and alert.user_id is None:
        alert.user = user
        alert.save(update_fields=["user"])
    if alert.confirmed:
        _mail_once(alert, "veille/mail/already_subscribed", now)
        return Subscription(alert)
    if not created and alert.frequence != frequency:  # still a request: the latest wish counts
        alert.frequence = frequency
        alert.save(update_fields=["frequence"])
    if verified:
        alert.confirm(now)
        return Subscription(alert, confirmed_now=True)
    _mail_once(alert, "veille/mail/confirmation", now)
    return Subscription(alert)


def _get_or_create(search, email, frequency, user):
    defaults = {"recherche": search.query_string(), "frequence": frequency, "user": user}
    return optin.get_or_create(Alerte, defaults, cle_recherche=search.key(), email=email)


def _mail_once(alert, template, now):
    return optin.mail_once(alert, template, mail_context(alert), now)


def mail_context(alert):
    search = SavedSearch.from_query_string(alert.recherche)
    return {"alert": alert, "search_words": search.words(), "frequency": alert.get_frequence_display(),
            "confirm_url": absolute_url(reverse("veille:confirm", args=[alert.jeton_confirmation])),
            "manage_url": manage_url(alert), "unsubscribe_url": unsubscribe_url(alert),
            "validity_days": CONFIRMATION_VALIDITY.days}


def manage_url(alert):
    return absolute_url(reverse("veille:manage", args=[alert.jeton]))


def unsubscribe_url(alert):
    return absolute_url(reverse("veille:unsubscribe", args=[alert.jeton]))


def pending_confirmation(token, now=None):
    """The alert this confirmation link is for, or None (unknown, or older than its validity)."""
    return optin.pending_confirmation(Alerte, token, now)


def confirm(token, now=None):
    """Confirm the alert of this link; returns it, or None when the link is not (or no longer) valid."""
    alert = pending_confirmation(token, now)
    if alert is not None and not alert.confirmed:
        alert.confirm(now)
    return alert


def by_token(token):
    return Alerte.objects.filter(jeton=token).first() if token else None


def unsubscribe(token):
    """Delete the alert of this manage/unsubscribe link; True when there was one."""
    deleted, _ = Alerte.objects.filter(jeton=token).delete() if token else (0, None)
    return bool(deleted)


def forget_unconfirmed(now=None):
    """Delete the requests never confirmed (personal data kept no longer than needed)."""
    return optin.forget_unconfirmed(Alerte, now)
