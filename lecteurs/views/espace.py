"""Home of the reader's space: account, basket, saved searches and baskets, info-doc requests, alerts."""
from allauth.account.models import EmailAddress
from django.db.models import Count
from django.template.response import TemplateResponse

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
        "alerts": alerts.reader_alerts(user),
        "page_url": page_url,
    }
    return TemplateResponse(request, "lecteurs/espace.html", context)
