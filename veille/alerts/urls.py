from django.urls import path

from . import views

urlpatterns = [
    path("abonnement/", views.subscribe, name="subscribe"),
    path("confirmation/<str:token>/", views.confirm, name="confirm"),
    path("alerte/<str:token>/", views.manage, name="manage"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
