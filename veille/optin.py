"""Double opt-in and one-click unsubscribe, shared by the alerts and the bulletin subscriptions (any model
deriving from veille.models.optin.OptIn).

Nobody learns who is subscribed: asking always gets the same answer; only the address's owner gets an
e-mail (the confirmation link, or a reminder when already confirmed). Mails are rate-limited: one per
subscription every RESEND_INTERVAL, MAX_MAILS_PER_ADDRESS per address and hour (per model). Confirming
is a POST from the page the link opens: a GET (a mail scanner) never confirms.
"""
import logging
from datetime import timedelta

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone

from crpv_site.mail import send_templated_mail
from crpv_site.security.ratelimit import Limiter, Rate, client_address

logger = logging.getLogger(__name__)

CONFIRMATION_VALIDITY = timedelta(days=7)
RESEND_INTERVAL = timedelta(minutes=10)
MAX_MAILS_PER_ADDRESS = 5  # per hour, over every subscription of one kind
UNCONFIRMED_KEPT = timedelta(days=30)  # then a request never confirmed is deleted
REQUESTS_PER_HOUR = 20  # subscription requests from one connecting address
RATE_WINDOW_SECONDS = 3600


class MailFailed(RuntimeError):
    """The confirmation e-mail could not be sent (the request itself is saved)."""


def normalise_email(address):
    return address.strip().lower()


def get_or_create(model, defaults, **lookup):
    """(record, created); two identical requests at the same moment make one record."""
    try:
        with transaction.atomic():
            return model.objects.get_or_create(defaults=defaults, **lookup)
    except IntegrityError:  # the same request at the same moment: the other one won
        return model.objects.get(**lookup), False


def mail_once(record, template, context, now):
    """Send ``template`` (with ``context``) about ``record`` unless one went out too recently (atomic
    claim); False when rate-limited. Raises MailFailed when the SMTP server refuses."""
    model = type(record)
    recent = model.objects.filter(email=record.email, confirmation_envoyee_le__gte=now - timedelta(hours=1))
    if recent.exclude(pk=record.pk).count() >= MAX_MAILS_PER_ADDRESS:
        return False
    previous = record.confirmation_envoyee_le
    claimed = model.objects.filter(pk=record.pk).filter(
        Q(confirmation_envoyee_le__isnull=True) | Q(confirmation_envoyee_le__lt=now - RESEND_INTERVAL)
    ).update(confirmation_envoyee_le=now)
    if not claimed:
        return False
    try:
        send_templated_mail(template, context, [record.email])
    except Exception as error:
        model.objects.filter(pk=record.pk).update(confirmation_envoyee_le=previous)  # may be asked again
        logger.error("E-mail %s about %s %s failed: %s", template, model.__name__, record.pk, error)
        raise MailFailed(str(error)) from error
    return True


def pending_confirmation(model, token, now=None):
    """The record this confirmation link is for, or None (unknown, or older than its validity)."""
    now = now or timezone.now()
    record = model.objects.filter(jeton_confirmation=token).first() if token else None
    if record is None or record.confirmed:
        return record
    sent = record.confirmation_envoyee_le or record.created_at
    return record if now - sent <= CONFIRMATION_VALIDITY else None


def confirm_on_post(request, record):
    """The confirmation page's rule: a POST confirms the pending ``record``, a GET only shows it (mail
    scanners follow links). Returns (already confirmed before, confirmed now)."""
    already = record.confirmed
    if request.method == "POST" and not already:
        record.confirm()
    return already, request.method == "POST" or already


def forget_unconfirmed(model, now=None):
    """Delete the requests never confirmed (personal data kept no longer than needed)."""
    now = now or timezone.now()
    stale = model.objects.filter(confirmee_le__isnull=True, created_at__lt=now - UNCONFIRMED_KEPT).filter(
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


def one_click_headers(unsubscribe_url):
    """RFC 8058: the mailbox's « unsubscribe » POSTs to this https URL, without login or further click."""
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated"}


def render(request, template, context, status=200):
    """A page of the subscriptions (never indexed: its address holds a secret)."""
    response = TemplateResponse(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def take_slot(request, scope="abonnement"):
    """Count one request from this client's address (the site's shared, atomic limiter, which reads it
    behind the trusted proxies); False when it made REQUESTS_PER_HOUR already in this window."""
    limiter = Limiter(f"veille-{scope}", Rate(REQUESTS_PER_HOUR, RATE_WINDOW_SECONDS))
    return limiter.hit(client_address(request)).allowed
