"""Subscribing to an archive's bulletins by e-mail: double opt-in, one-click unsubscribe (veille/optin.py,
the same rules as the alerts). A signed-in reader's verified address is subscribed at once."""
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from crpv_site.mail import absolute_url
from veille import optin
from veille.models import AbonnementBulletin


@dataclass
class Subscription:
    abonnement: AbonnementBulletin
    confirmed_now: bool = False  # a verified account's address: no e-mail round trip
    already: bool = False  # it was already confirmed


def subscribe(archive, email, user=None, centre=None, verified=False, now=None):
    """Record the wish to receive ``archive``'s bulletins at ``email``; the e-mail about it goes out (or
    not, rate-limited). Raises optin.MailFailed when the SMTP server refuses (asking again re-sends)."""
    now = now or timezone.now()
    abonnement, _created = optin.get_or_create(AbonnementBulletin, {"user": user, "centre": centre},
                                               archive=archive, email=optin.normalise_email(email))
    changed = [name for name, value in (("user", user), ("centre", centre))
               if value is not None and getattr(abonnement, f"{name}_id") is None]
    for name in changed:
        setattr(abonnement, name, {"user": user, "centre": centre}[name])
    if changed:
        abonnement.save(update_fields=changed)
    if abonnement.confirmed:
        if not verified:
            optin.mail_once(abonnement, "veille/mail/bulletin_already_subscribed", mail_context(abonnement), now)
        return Subscription(abonnement, already=True)
    if verified:
        abonnement.confirm(now)
        return Subscription(abonnement, confirmed_now=True)
    optin.mail_once(abonnement, "veille/mail/bulletin_confirmation", mail_context(abonnement), now)
    return Subscription(abonnement)


def mail_context(abonnement):
    return {"abonnement": abonnement, "archive": abonnement.archive,
            "archive_url": absolute_url(abonnement.archive.url),
            "confirm_url": absolute_url(reverse("veille:bulletin_confirm", args=[abonnement.jeton_confirmation])),
            "unsubscribe_url": unsubscribe_url(abonnement),
            "validity_days": optin.CONFIRMATION_VALIDITY.days}


def unsubscribe_url(abonnement):
    return absolute_url(reverse("veille:bulletin_unsubscribe", args=[abonnement.jeton]))


def pending_confirmation(token, now=None):
    return optin.pending_confirmation(AbonnementBulletin, token, now)


def by_token(token):
    return AbonnementBulletin.objects.select_related("archive").filter(jeton=token).first() if token else None


def unsubscribe(token):
    """Delete the subscription of this unsubscribe link; True when there was one."""
    deleted, _rows = AbonnementBulletin.objects.filter(jeton=token).delete() if token else (0, None)
    return bool(deleted)


def forget_unconfirmed(now=None):
    return optin.forget_unconfirmed(AbonnementBulletin, now)


def confirmed_subscribers(archive):
    return AbonnementBulletin.objects.filter(archive=archive, confirmee_le__isnull=False)
