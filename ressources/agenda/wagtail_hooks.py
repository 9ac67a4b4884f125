"""Registrations in the admin: a listing filterable by event and status, with CSV/XLSX export."""
from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Inscription


class InscriptionViewSet(ModelViewSet):
    model = Inscription
    icon = "group"
    menu_label = _("Event registrations")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["nom", "prenom", "organisation", "email", "evenement", "statut", "created"]
    list_filter = ["evenement", "statut"]
    list_export = ["nom", "prenom", "organisation", "email", "evenement", "statut", "created"]
    export_filename = "inscriptions"
    search_fields = ["nom", "prenom", "organisation", "email"]
    search_backend_name = None
    form_fields = ["evenement", "prenom", "nom", "organisation", "email", "statut"]
    ordering = ["-created"]


@hooks.register("register_admin_viewset")
def register_inscriptions():
    return InscriptionViewSet("inscriptions")


@hooks.register("register_permissions")
def inscription_permissions():
    return Permission.objects.filter(content_type__app_label="agenda",
                                     codename__in=["add_inscription", "change_inscription",
                                                   "delete_inscription", "view_inscription"])
