"""URLs of reseau.api (under /api/v1/partenaires/)."""
from django.urls import path

from . import views

app_name = "partner_api"
urlpatterns = [
    path("openapi.json", views.openapi_view, name="openapi"),
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/<str:id>/", views.NoticeDetailView.as_view(), name="notice"),
    path("notices/<str:id>/statut/", views.NoticeStatusView.as_view(), name="notice_status"),
    path("notices/<str:id>/fichiers/", views.NoticeFilesView.as_view(), name="notice_files"),
]
