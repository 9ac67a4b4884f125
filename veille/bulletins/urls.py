from django.urls import path

from . import subscription_views

urlpatterns = [
    path("bulletins/confirmation/<str:token>/", subscription_views.confirm, name="bulletin_confirm"),
    path("bulletins/desabonnement/<str:token>/", subscription_views.unsubscribe, name="bulletin_unsubscribe"),
]
