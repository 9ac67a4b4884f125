"""One digest: the e-mail (HTML + text, French, permalinks on the site's address, RFC 8058 one-click
unsubscribe headers) and, in the same transaction, the alert moved past the notices it lists."""
from dataclasses import dataclass, field

from django.db import transaction

from base_documentaire.addresses import absolute, permalink
from crpv_site.mail import build_mail
from veille import optin
from veille.models import Alerte

from . import subscription

DIGEST_MAX = 30  # notices listed in one digest; the rest is one link away (the search, newest first)
ABSTRACT_WORDS = 50


def digest_headers(alert):
    return optin.one_click_headers(subscription.unsubscribe_url(alert))


@dataclass
class Run:
    """What every digest of one run shares: the documentary page (permalinks), the mail connection, the
    run's instant and the end of its window, and each notice's rendered item (a notice new for a popular
    search is listed in hundreds of digests: its permalink is built once)."""

    page: object
    connection: object
    now: object
    until: object
    items: dict = field(default_factory=dict)

    def item(self, notice):
        if notice.pk not in self.items:
            self.items[notice.pk] = notice_item(notice, self.page)
        return self.items[notice.pk]


def digest_context(alert, search, news, beyond, run):
    listed = news[:DIGEST_MAX]
    page = run.page
    return {
        "alert": alert, "search_words": search.words(), "search_parts": search.parts(),
        "frequency": alert.get_frequence_display(),
        "notices": [run.item(notice) for notice in listed],
        "count": len(news), "at_least": beyond, "more": beyond or len(news) > len(listed),
        "search_url": absolute(page.url) + "?" + search.results_query_string() if page else "",
        "manage_url": subscription.manage_url(alert), "unsubscribe_url": subscription.unsubscribe_url(alert),
    }


def notice_item(notice, page):
    return {"title": notice.titre, "url": permalink(notice, page), "type": notice.get_type_document_display(),
            "year": notice.annee, "contributor": notice.contributeur.nom if notice.contributeur else "",
            "abstract": notice.resume}


def send_digest(alert, search, news, beyond, run):
    """Send the digest of ``news`` (newest first) and record it; returns the number of notices listed,
    0 when another run already took this alert. Raises when the SMTP server fails: the transaction
    rolls back, so the alert stays due with nothing marked sent."""
    listed = news[:DIGEST_MAX]
    message = build_mail("veille/mail/digest", digest_context(alert, search, news, beyond, run), [alert.email],
                         headers=digest_headers(alert))
    message.connection = run.connection
    with transaction.atomic():
        claimed = Alerte.objects.filter(pk=alert.pk, couverte_jusqua=alert.couverte_jusqua).update(
            couverte_jusqua=run.until, verifiee_le=run.now, dernier_envoi_le=run.now,
            derniers_envoyes=[notice.pk for notice in listed])
        if not claimed:
            return 0
        message.send()
    return len(listed)
