"""Sending a published bulletin to its archive's confirmed subscribers, in batches through the task worker.

`start` is asked for explicitly (admin action « Envoyer aux abonnés », `manage.py send_bulletin`), never on
publish: it creates the sending and ONE delivery row per confirmed subscriber at once (so the recipients
are fixed when the documentalist confirms), then enqueues `veille.tasks.send_bulletin_task`. A bulletin is
sent once: a second `start` is refused (AlreadySent); `resend_failures` puts the failed deliveries back to
pending and runs the task again.

`run` (the task) takes the pending deliveries BATCH_SIZE at a time (one query a batch), renders the
bulletin's content once, and marks each delivery on its own: the row is claimed (pending → sent) and the
message sent inside one transaction, so two overlapping runs never send the same delivery twice (the
second waits on the row lock, then finds it sent) and a refused message leaves the row failed with the
SMTP error. A crash mid-way leaves pending rows that the next run picks up (`send_bulletin --resume`).
After MAX_CONSECUTIVE_FAILURES failures in a row the SMTP server is taken as down: the run stops and
leaves the rest pending.
"""
import logging
import re
from dataclasses import dataclass
from html import unescape

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html

from base_documentaire.addresses import absolute
from crpv_site.mail import build_mail, site_url
from veille import optin
from veille.models import EnvoiBulletin, LivraisonBulletin

from . import subscription
from .content import bulletin_content

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_CONSECUTIVE_FAILURES = 10
ERROR_LENGTH = 2000
PENDING, SENT, FAILED = (LivraisonBulletin.Statut.PENDING, LivraisonBulletin.Statut.SENT,
                         LivraisonBulletin.Statut.FAILED)


class AlreadySent(Exception):
    """This bulletin was already sent (its failed deliveries may be resent)."""


class NotLive(Exception):
    """Only a published bulletin is sent."""


@dataclass
class RunReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # unsubscribed since the sending was asked for: nothing sent
    interrupted: bool = False  # the SMTP server refused too many in a row: the rest stays pending


def start(bulletin, user=None, background=True):
    """Create the sending of ``bulletin`` to its archive's confirmed subscribers and enqueue it (the caller
    runs it itself when not ``background``)."""
    if not bulletin.live:
        raise NotLive
    subscription.forget_unconfirmed()  # requests never confirmed are not kept longer than needed
    with transaction.atomic():
        if EnvoiBulletin.objects.select_for_update().filter(bulletin=bulletin).exists():
            raise AlreadySent
        envoi = EnvoiBulletin.objects.create(bulletin=bulletin, demande_par=user)
        archive = bulletin.get_parent()
        subscribers = subscription.confirmed_subscribers(archive).order_by("pk").values_list("pk", "email")
        LivraisonBulletin.objects.bulk_create(
            [LivraisonBulletin(envoi=envoi, abonnement_id=pk, email=email) for pk, email in subscribers.iterator()],
            batch_size=1000)
    if background:
        enqueue(envoi)
    return envoi


def resend_failures(envoi, background=True):
    """Put the failed deliveries back to pending and enqueue the sending again (with the pending ones a
    crash left); returns how many failed ones."""
    count = envoi.livraisons.filter(statut=FAILED).update(statut=PENDING)
    if background:
        enqueue(envoi)
    return count


def enqueue(envoi):
    from veille.tasks import send_bulletin_task

    send_bulletin_task.enqueue(envoi.pk)


def run(envoi_id, batch_size=BATCH_SIZE):
    """Send the pending deliveries of this sending (the task's body)."""
    envoi = EnvoiBulletin.objects.select_related("bulletin").get(pk=envoi_id)
    shared = mail_context(envoi.bulletin)
    report, in_a_row, after = RunReport(), 0, 0
    connection = get_connection()
    try:
        while not report.interrupted:
            batch = list(envoi.livraisons.filter(statut=PENDING, pk__gt=after).select_related("abonnement")
                         .order_by("pk")[:batch_size])
            if not batch:
                break
            for livraison in batch:
                outcome = deliver(livraison, shared, connection)
                setattr(report, outcome, getattr(report, outcome) + 1)
                in_a_row = in_a_row + 1 if outcome == "failed" else 0
                if in_a_row >= MAX_CONSECUTIVE_FAILURES:
                    logger.error("Bulletin sending %s: %d failures in a row, the rest waits.", envoi.pk, in_a_row)
                    report.interrupted = True
                    break
            after = batch[-1].pk
    finally:
        connection.close()
    EnvoiBulletin.objects.filter(pk=envoi.pk).update(termine_le=timezone.now())
    return report


def deliver(livraison, shared, connection):
    """Send one delivery and mark it; returns "sent", "failed" or "skipped"."""
    if livraison.abonnement is None:  # unsubscribed after the sending was asked for
        livraison.delete()
        return "skipped"
    unsubscribe_url = subscription.unsubscribe_url(livraison.abonnement)
    message = build_mail("veille/mail/bulletin", {**shared, "unsubscribe_url": unsubscribe_url}, [livraison.email],
                         headers=optin.one_click_headers(unsubscribe_url))
    message.connection = connection
    try:
        with transaction.atomic():
            claimed = LivraisonBulletin.objects.filter(pk=livraison.pk, statut=PENDING).update(
                statut=SENT, envoye_le=timezone.now(), erreur="", tentatives=F("tentatives") + 1)
            if not claimed:  # another run took it
                return "skipped"
            message.send()
    except Exception as error:
        LivraisonBulletin.objects.filter(pk=livraison.pk, statut=PENDING).update(
            statut=FAILED, erreur=describe(error), tentatives=F("tentatives") + 1)
        connection.close()  # a broken connection is opened again for the next message
        logger.warning("Bulletin delivery %s to %s failed: %s", livraison.pk, livraison.email, error)
        return "failed"
    return "sent"


def describe(error):
    return (f"{type(error).__name__}: {error}")[:ERROR_LENGTH]


def mail_context(bulletin):
    """What every subscriber's e-mail of this bulletin shares (computed once a run)."""
    archive = bulletin.get_parent().specific
    introduction = absolute_links(expand_db_html(bulletin.introduction or ""))
    return {"bulletin": bulletin, "archive": archive, "rubriques": bulletin_content(bulletin),
            "introduction": introduction, "introduction_text": text_of(introduction),
            "bulletin_url": absolute(bulletin.url), "archive_url": absolute(archive.url)}


def absolute_links(html):
    """The rich text's site links made absolute: they are read in a mailbox."""
    return re.sub(r'(href|src)="/', lambda match: f'{match.group(1)}="{site_url()}/', html)


def text_of(html):
    paragraphs = re.split(r"</(?:p|h\d|li)>", html)
    return "\n\n".join(text for text in (" ".join(unescape(strip_tags(part)).split()) for part in paragraphs) if text)
