"""The site's URLs plus other OAI-PMH sources for the harvester tests, served by the same real
HTTP server: a partner repository answering fixed pages, a repository failing after its first
page, and addresses answering something else than OAI-PMH."""
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from crpv_site.urls import urlpatterns as site_urlpatterns

from reseau.oai import views

PAGES = Path(__file__).parent / "source"


def partner_repository(request):
    page = "page2.xml" if request.GET.get("resumptionToken") == "page2" else "page1.xml"
    return HttpResponse((PAGES / page).read_bytes(), content_type="text/xml; charset=utf-8")


def broken_repository(request):
    return HttpResponse((PAGES / "broken.xml").read_bytes(), content_type="text/xml; charset=utf-8")


def failing_after_first_page(request):
    if "resumptionToken" in request.GET:
        return HttpResponse("Erreur interne", status=500, content_type="text/plain")
    return views.endpoint(request)


def rss_feed(request):
    return HttpResponse(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Flux</title></channel></rss>',
                        content_type="application/rss+xml")


urlpatterns = [
    path("partenaire/oai", partner_repository),
    path("instable/oai", failing_after_first_page),
    path("casse/oai", broken_repository),
    path("flux.xml", rss_feed),
] + site_urlpatterns
