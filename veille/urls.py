"""/veille/: e-mail alerts (alerts/urls.py); the bulletin de veille will add its own."""
from django.urls import include, path

app_name = "veille"

urlpatterns = [
    path("", include("veille.alerts.urls")),
]
