"""/veille/: e-mail alerts (alerts/urls.py) and the bulletin subscriptions' links (bulletins/urls.py)."""
from django.urls import include, path

app_name = "veille"

urlpatterns = [
    path("", include("veille.alerts.urls")),
    path("", include("veille.bulletins.urls")),
]
