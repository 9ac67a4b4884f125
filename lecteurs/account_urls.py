"""/compte/: allauth's account views at French addresses, under allauth's URL names (its templates and
e-mails reverse them). Only what this site uses: e-mail and password, no login codes, phones or passkeys."""
from allauth.account import views
from django.urls import path, re_path

urlpatterns = [
    path("connexion/", views.login, name="account_login"),
    path("deconnexion/", views.logout, name="account_logout"),
    path("inactif/", views.account_inactive, name="account_inactive"),
    path("inscription/", views.signup, name="account_signup"),
    path("reauthentification/", views.reauthenticate, name="account_reauthenticate"),
    path("adresse-email/", views.email, name="account_email"),
    path("confirmer-email/", views.email_verification_sent, name="account_email_verification_sent"),
    re_path(r"^confirmer-email/(?P<key>[-:\w]+)/$", views.confirm_email, name="account_confirm_email"),
    path("mot-de-passe/modifier/", views.password_change, name="account_change_password"),
    path("mot-de-passe/definir/", views.password_set, name="account_set_password"),
    path("mot-de-passe/reinitialiser/", views.password_reset, name="account_reset_password"),
    path("mot-de-passe/reinitialiser/envoye/", views.password_reset_done, name="account_reset_password_done"),
    re_path(r"^mot-de-passe/reinitialiser/cle/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
            views.password_reset_from_key, name="account_reset_password_from_key"),
    path("mot-de-passe/reinitialiser/termine/", views.password_reset_from_key_done,
         name="account_reset_password_from_key_done"),
]
