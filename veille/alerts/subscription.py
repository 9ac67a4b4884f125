"""Subscribing to a search, confirming by e-mail (double opt-in), unsubscribing.

Nobody learns who follows what: asking for an alert always gets the same answer, whether the
address already follows the search or not; only the address's owner gets an e-mail about it (the
confirmation link, or a reminder with the manage link when the alert is already confirmed). Asking
twice never creates a second alert, and the mails are rate-limited: one per alert every
RESEND_INTERVAL, MAX_MAILS_PER_ADDRESS per address and hour.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from crpv_site.mail import absolute_url, send_templated_mail
from veille.models import Alerte

from .searches import SavedSearch

logger = logging.getLogger(__name__)

CONFIRMATION_VALIDITY = timedelta(days=7)
RESEND_INTERVAL = timedelta(minutes=10)
MAX_MAILS_PER_ADDRESS = 5  # per hour, over every search
UNCONFIRMED_KEPT = timedelta(days=30)  # then a request never confirmed is deleted


class MailFailed(RuntimeError):
    """The confirmation e-mail could not be sent (the request itself is saved)."""


@dataclass
class Subscription:
    alert: Alerte
    confirmed_now: bool = False  # a verified account's address: no e-mail round trip


def normalise_email(address):
    return address.strip().lower()


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
    try:
        with transaction.atomic():
            return Alerte.objects.get_or_create(cle_recherche=search.key(), email=email, defaults=defaults)
    except IntegrityError:  # the same request at the same moment: the other one won
        return Alerte.objects.get(cle_recherche=search.key(), email=email), False


def _mail_once(alert, template, now):
    """Send ``template`` about ``alert`` unless one went out too recently (atomic claim)."""
    recent = Alerte.objects.filter(email=alert.email, confirmation_envoyee_le__gte=now - timedelta(hours=1))
    if recent.exclude(pk=alert.pk).count() >= MAX_MAILS_PER_ADDRESS:
        return False
    previous = alert.confirmation_envoyee_le
    claimed = Alerte.objects.filter(pk=alert.pk).filter(
        Q(confirmation_envoyee_le__isnull=True) | Q(confirmation_envoyee_le__lt=now - RESEND_INTERVAL)
    ).update(confirmation_envoyee_le=now)
    if not claimed:
        return False
    try:
        send_templated_mail(template, mail_context(alert), [alert.email])
    except Exception as error:
        Alerte.objects.filter(pk=alert.pk).update(confirmation_envoyee_le=previous)  # may be asked again
        logger.error("Alert e-mail %s to alert %s failed: %s", template, alert.pk, error)
        raise MailFailed(str(error)) from error
    return True


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
    now = now or timezone.now()
    alert = Alerte.objects.filter(jeton_confirmation=token).first()
    if alert is None or alert.confirmed:
        return alert
    sent = alert.confirmation_envoyee_le or alert.created_at
    return alert if now - sent <= CONFIRMATION_VALIDITY else None


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
    now = now or timezone.now()
    stale = Alerte.objects.filter(confirmee_le__isnull=True, created_at__lt=now - UNCONFIRMED_KEPT).filter(
        Q(confirmation_envoyee_le__isnull=True) | Q(confirmation_envoyee_le__lt=now - CONFIRMATION_VALIDITY))
    return stale.delete()[0]


def account_address(user):
    """(address, verified) of a signed-in account; (None, False) for a visitor or an account without one.
    Verified: allauth has confirmed the address (the readers' accounts); otherwise it gets confirmed by e-mail."""
    if not getattr(user, "is_authenticated", False) or not user.email:
        return None, False
    if not apps.is_installed("allauth.account"):
        return user.email, False
    from allauth.account.models import EmailAddress

    return user.email, EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
