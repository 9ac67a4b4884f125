"""Home of the reader's space: account, basket, saved searches and baskets, info-doc requests, alerts and
bulletin subscriptions."""
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import alerts, basket, rgpd, searches
from ..access import reader_required
from ..models import Panier, RechercheEnregistree


@reader_required
def home(request):
    user = request.user
    page_url = searches.search_page_url()
    addresses = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    saved_searches = [
        {"search": search, "url": searches.rerun_url(search, page_url) if page_url else None,
         "summary": searches.summary(search.requete)}
        for search in RechercheEnregistree.objects.filter(lecteur=user)
    ]
    saved_baskets = Panier.objects.filter(lecteur=user, courant=False).annotate(size=Count("lignes"))
    verified = [address.email for address in addresses if address.verified]
    context = {
        "addresses": addresses,
        "basket_size": len(basket.ids(request)),
        "saved_searches": saved_searches,
        "saved_baskets": list(saved_baskets),
        "requests": list(rgpd.infodoc_requests(verified)),
        "alerts_installed": alerts.installed(),
        "alerts": alerts.reader_alerts(user, verified),
        "bulletins": alerts.reader_bulletins(user, verified),
        "page_url": page_url,
    }
    return TemplateResponse(request, "lecteurs/espace.html", context)


@require_POST
@reader_required
def alert_delete(request, pk):
    """Unsubscribe one of the reader's e-mail alerts (the alerts app keeps them)."""
    if not alerts.delete_alert(request.user, rgpd.verified_emails(request.user), pk):
        raise Http404
    messages.success(request, _("You will no longer receive this alert."))
    return redirect("lecteurs:espace")


@require_POST
@reader_required
def bulletin_delete(request, pk):
    """Unsubscribe from one archive's bulletins de veille (the watch app keeps the subscriptions)."""
    if not alerts.delete_bulletin_subscription(request.user, rgpd.verified_emails(request.user), pk):
        raise Http404
    messages.success(request, _("You will no longer receive these bulletins."))
    return redirect("lecteurs:espace")
