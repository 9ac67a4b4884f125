import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView as ImageServeView

from base_documentaire import search_suggestions
from base_documentaire import views as documentaire_views
from crpv_site.health import health
from search import views as search_views

urlpatterns = [
    path("", include("reseau.contribution.site_history")),  # before the admin: narrows a report for partners
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/suggestions/", search_suggestions.suggestions_view, name="search_suggestions"),
    path("recherche/", search_views.search, name="search"),
    path("sante/", health, name="health"),
    re_path(r"^couvertures/([^/]*)/(\d*)/([^/]*)/[^/]*$", ImageServeView.as_view(action="redirect"),
            name="cover_image"),  # lasting addresses of covers in e-mails (base_documentaire/templatetags/covers.py)
    path("api/v1/notices/", documentaire_views.api_notices, name="api_notices"),
    path("api/v1/partenaires/", include("reseau.api.urls")),
    path("oai/", include("reseau.oai.urls")),
    path("compte/", include("lecteurs.account_urls")),  # readers' accounts (allauth); editors keep /admin/login/
    path("mon-espace/", include("lecteurs.urls")),
    path("veille/", include("veille.urls")),
]

if settings.DEBUG and settings.MEDIA_URL.startswith("/"):  # the dev server's local files, privacy checked
    from django.urls import re_path

    from base_documentaire.file_access import serve_media

    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media)]

urlpatterns += [path("", include(wagtail_urls))]
