"""The site's addresses plus two that fail, to see the error pages under the Content-Security-Policy."""
import errno

from django.urls import path

from crpv_site.urls import urlpatterns as site_urlpatterns


def server_error(request):
    raise RuntimeError("boom")


def disk_full(request):
    raise OSError(errno.ENOSPC, "No space left on device")


urlpatterns = [path("erreur/", server_error), path("disque-plein/", disk_full), *site_urlpatterns]
