from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from base_documentaire import views as documentaire_views
from crpv_site.health import health
from search import views as search_views

urlpatterns = [
    path("", include("reseau.contribution.site_history")),  # before the admin: narrows a report for partners
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", search_views.search, name="search"),
    path("sante/", health, name="health"),
    path("api/v1/notices/", documentaire_views.api_notices, name="api_notices"),
    path("api/v1/partenaires/", include("reseau.api.urls")),
    path("oai/", include("reseau.oai.urls")),
    path("compte/", include("lecteurs.account_urls")),  # readers' accounts (allauth); editors keep /admin/login/
    path("mon-espace/", include("lecteurs.urls")),
    path("veille/", include("veille.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
