"""A reader's personal data: export (JSON) and deletion of the account.

Info-doc requests belong to the info-doc service's own rule (infodoc.rgpd): they are matched by e-mail
address — only the account's verified addresses, so nobody reaches another person's requests by typing
their address — exported with infodoc.rgpd.export_requester and, when the account is deleted, anonymised
with infodoc.rgpd.anonymise (the service keeps its yearly figures, nothing that identifies the reader).
E-mail alerts (lecteurs.alerts) of the account or of its verified addresses are exported and deleted.
"""
from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from base_documentaire.models import Notice
from crpv_site import mail
from infodoc import rgpd as infodoc_rgpd
from infodoc.models import DemandeInfoDoc

from . import alerts, searches
from .models import Panier, PanierNotice, RechercheEnregistree


def verified_emails(user):
    return list(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))


def infodoc_requests(emails):
    """The info-doc requests made with these (verified) addresses, newest first."""
    if not emails:
        return DemandeInfoDoc.objects.none()
    matches = Q()
    for email in emails:
        matches |= Q(email__iexact=email)
    return DemandeInfoDoc.objects.filter(matches).order_by("-recue_le")


def _iso(value):
    return value.isoformat() if value else None


def _notices_data(notice_ids, page_url):
    published = Notice.objects.filter(pk__in=notice_ids, live=True).in_bulk()
    rows = []
    for pk in notice_ids:
        notice = published.get(pk)
        if notice is None:
            rows.append({"id": pk, "publiee": False})
            continue
        link = mail.absolute_url(f"{page_url}notices/{pk}/") if page_url else None
        rows.append({"id": pk, "publiee": True, "titre": notice.titre, "permalien": link})
    return rows


def _baskets_data(user, page_url):
    lines = {}
    for basket_id, notice_id in PanierNotice.objects.filter(panier__lecteur=user).values_list("panier", "notice"):
        lines.setdefault(basket_id, []).append(notice_id)
    baskets = list(Panier.objects.filter(lecteur=user).order_by("cree_le", "pk"))
    current = next((basket for basket in baskets if basket.courant), None)
    return (
        {"notices": _notices_data(lines.get(current.pk, []), page_url) if current else []},
        [{"nom": basket.nom, "cree_le": _iso(basket.cree_le),
          "notices": _notices_data(lines.get(basket.pk, []), page_url)}
         for basket in baskets if not basket.courant],
    )


def export_data(user):
    """Everything the site keeps about this reader, as a JSON-serialisable dict."""
    page_url = searches.search_page_url()
    emails = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    current, saved = _baskets_data(user, page_url)
    return {
        "exporte_le": timezone.now().isoformat(),
        "compte": {"identifiant": user.get_username(), "email": user.email, "inscrit_le": _iso(user.date_joined),
                   "derniere_connexion": _iso(user.last_login)},
        "adresses_email": [{"email": address.email, "verifiee": address.verified, "principale": address.primary}
                           for address in emails],
        "recherches_enregistrees": [
            {"nom": search.nom, "requete": search.requete, "enregistree_le": _iso(search.creee_le),
             "adresse": mail.absolute_url(searches.rerun_url(search, page_url)) if page_url else None}
            for search in RechercheEnregistree.objects.filter(lecteur=user).order_by("creee_le", "pk")],
        "panier_courant": current,
        "paniers_enregistres": saved,
        "demandes_infodoc": [request for email in verified_emails(user)
                             for request in infodoc_rgpd.export_requester(email, user=user)["demandes"]],
        "alertes": alerts.export_alerts(user, verified_emails(user)),
        "abonnements_bulletins": alerts.export_bulletins(user, verified_emails(user)),
    }


@transaction.atomic
def delete_account(user):
    """Delete the account and everything kept for it; the info-doc requests of its verified addresses are
    anonymised (infodoc's rule). Returns how many requests were anonymised."""
    emails = verified_emails(user)
    anonymised = infodoc_rgpd.anonymise(infodoc_requests(emails))
    alerts.delete_alerts(user, emails)
    alerts.delete_bulletins(user, emails)
    user.delete()  # cascades: e-mail addresses, confirmations, saved searches, baskets and their lines
    return anonymised
