"""Admin of the directory: acteurs, people (with their data-protection actions) and the request log."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from . import search_suggestions  # noqa: F401  (the search box suggests acteurs)
from .admin_views import EffacerView, ExportView
from .models import Acteur, DemandeRGPD, Personne


class ActeurViewSet(SnippetViewSet):
    model = Acteur
    icon = "group"
    menu_label = _("Actors")
    list_display = ["nom", "sigle", "type_acteur", "updated_at"]
    list_filter = ["type_acteur", "territoires", "themes"]
    search_fields = ["nom", "sigle", "description"]
    search_backend_name = None  # the database: the listing never depends on the search engine


def _rgpd_urls(view, personne):
    namespace = view.index_url_name.split(":")[0]
    return (reverse(f"{namespace}:rgpd_export", args=[personne.pk]),
            reverse(f"{namespace}:rgpd_effacer", args=[personne.pk]))


class PersonneIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        export_url, erase_url = _rgpd_urls(self, instance)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(MenuItem(_("Export the data"), url=export_url, icon_name="download", priority=40))
        if self.permission_policy.user_has_permission(self.request.user, "delete"):
            buttons.append(MenuItem(_("Erase the data"), url=erase_url, icon_name="bin", priority=50))
        return buttons


class PersonneEditView(EditView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        export_url, erase_url = _rgpd_urls(self, self.object)
        buttons.append(Button(_("Export the data"), url=export_url, icon_name="download", priority=40))
        if self.permission_policy.user_has_permission(self.request.user, "delete"):
            buttons.append(Button(_("Erase the data"), url=erase_url, icon_name="bin", priority=50))
        return buttons


class PersonneViewSet(SnippetViewSet):
    model = Personne
    icon = "user"
    menu_label = _("People")
    index_view_class = PersonneIndexView
    edit_view_class = PersonneEditView
    list_display = ["__str__", "fonction", "acteur", "consentement_publication", "consentement_retrait"]
    list_filter = ["consentement_publication", "acteur__type_acteur"]
    search_fields = ["nom", "prenom", "fonction", "acteur__nom", "acteur__sigle"]
    search_backend_name = None

    def get_urlpatterns(self):
        options = {"url_namespace": self.url_namespace, "permission_policy": self.permission_policy}
        return super().get_urlpatterns() + [
            path("rgpd/export/<int:pk>/", ExportView.as_view(**options), name="rgpd_export"),
            path("rgpd/effacer/<int:pk>/", EffacerView.as_view(**options), name="rgpd_effacer"),
        ]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The request log is written by the export and erasure actions only: staff may read it."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, "view") or super().user_has_permission(user, "change")

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["view", "change"] if "view" in actions else [])


register_permission_policy(DemandeRGPD, ReadOnlyPolicy(DemandeRGPD))


class DemandeRGPDViewSet(SnippetViewSet):
    model = DemandeRGPD
    icon = "doc-full"
    menu_label = _("Data-protection requests")
    list_display = ["type_demande", "personne_ref", "acteur", "effectuee_le", "effectuee_par", "canal"]
    list_filter = ["type_demande"]
    inspect_view_enabled = True
    copy_view_enabled = False


class AnnuaireGroup(SnippetViewSetGroup):
    items = (ActeurViewSet, PersonneViewSet, DemandeRGPDViewSet)
    menu_icon = "group"
    menu_label = _("Directory")
    menu_name = "annuaire"


register_snippet(AnnuaireGroup)
