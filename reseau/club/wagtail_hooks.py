"""The club de veille in the admin: « Signaler » for partner centres' veilleurs, the network's pool."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import rota_admin, rules, views


@hooks.register("register_admin_urls")
def register_club_urls():
    return [
        path("club/signaler/", views.SignalerView.as_view(), name="club_signaler"),
        path("club/signalements/", views.PoolView.as_view(), name="club_pool"),
    ]


class SignalerMenuItem(MenuItem):
    def is_shown(self, request):
        return views.veilleur_centre(request.user) is not None


@hooks.register("register_admin_menu_item")
def signaler_menu_item():
    return SignalerMenuItem(gettext_lazy("Report a find"), reverse("club_signaler"), icon_name="pick", order=212)


@hooks.register("register_admin_menu_item")
def pool_menu_item():
    return MenuItem(gettext_lazy("Watch club"), reverse("club_pool"), icon_name="pick", order=213)


@hooks.register("register_admin_viewset")
def register_source_veille_viewset():
    return rota_admin.source_veille_viewset


@hooks.register("register_settings_menu_item")
def source_veille_menu_item():
    return rota_admin.source_veille_viewset.get_menu_item()


hooks.register("partner_notice_check", rules.require_link_or_file)
