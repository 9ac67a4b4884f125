"""Admin of the service ("Service info-doc" menu): requests, published Q&A, dashboard, history actions."""
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse, reverse_lazy
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from . import admin_views, history
from .models import DemandeInfoDoc, QuestionReponse

demande_policy = ModelPermissionPolicy(DemandeInfoDoc)


def _record_note_authors(demande, user):
    demande.notes.filter(auteur__isnull=True).update(auteur=user)


def _actions(namespace, demande, user):
    """(label, url, icon, priority, method) of the request's own actions the user may run."""
    actions = []
    if demande_policy.user_has_permission(user, "change"):
        if not demande.anonymisee:
            actions.append((_("Reply"), reverse(f"{namespace}:repondre", args=[demande.pk]), "mail", 5))
            actions.append((_("Publish as questions-answers"), reverse(f"{namespace}:publier", args=[demande.pk]),
                            "doc-full", 30))
            actions.append((_("Export the requester's data"), reverse(f"{namespace}:exporter", args=[demande.pk]),
                            "download", 40))
    return actions


class DemandeIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        namespace = self.index_url_name.split(":")[0]
        for label, url, icon, priority in _actions(namespace, instance, self.request.user):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(Button(_("Dashboard"), url=reverse("infodoc_dashboard"), icon_name="table", priority=5))
        if demande_policy.user_has_permission(self.request.user, "delete"):
            namespace = self.index_url_name.split(":")[0]
            buttons.append(Button(_("Anonymise old requests"), url=reverse(f"{namespace}:anonymiser"),
                                  icon_name="warning", priority=50))
        return buttons

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("territoire", "assignee")


class DemandeEditView(EditView):
    def save_instance(self):
        before = DemandeInfoDoc.objects.values("statut", "assignee_id").get(pk=self.object.pk)
        instance = super().save_instance()
        _record_note_authors(instance, self.request.user)
        history.log_changes(instance, before, self.request.user)
        return instance

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        namespace = self.edit_url_name.split(":")[0]
        if not self.object.anonymisee and demande_policy.user_has_permission(self.request.user, "change"):
            buttons.append(HeaderButton(_("Reply"), url=reverse(f"{namespace}:repondre", args=[self.object.pk]),
                                        icon_name="mail"))
        return buttons

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        namespace = self.edit_url_name.split(":")[0]
        for label, url, icon, priority in _actions(namespace, self.object, self.request.user):
            if icon != "mail":
                buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        return buttons


class DemandeCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        _record_note_authors(instance, self.request.user)
        return instance


class TeamOnlyChooserMixin:
    """The requests' chooser names requesters: for users with a permission on requests only."""

    def dispatch(self, request, *args, **kwargs):
        if not demande_policy.user_has_any_permission(request.user, ["view", "change", "add", "delete"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DemandeChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("DemandeChooseView", (TeamOnlyChooserMixin, chooser_views.ChooseView), {})
    choose_results_view_class = type("DemandeChooseResultsView", (TeamOnlyChooserMixin,
                                                                   chooser_views.ChooseResultsView), {})
    chosen_view_class = type("DemandeChosenView", (TeamOnlyChooserMixin, chooser_views.SnippetChosenView), {})
    chosen_multiple_view_class = type("DemandeChosenMultipleView", (TeamOnlyChooserMixin,
                                                                    chooser_views.SnippetChosenMultipleView), {})
    create_view_class = type("DemandeChooserCreateView", (TeamOnlyChooserMixin, chooser_views.SnippetCreateView), {})


class DemandeViewSet(SnippetViewSet):
    model = DemandeInfoDoc
    icon = "help"
    chooser_viewset_class = DemandeChooserViewSet
    menu_label = _("Requests")
    index_view_class = DemandeIndexView
    edit_view_class = DemandeEditView
    add_view_class = DemandeCreateView
    list_display = ["reference", "organisation", "type_structure", "statut", "assignee", "recue_le",
                    "temps_passe_display"]
    list_filter = ["statut", "themes", "type_structure", "territoire", "assignee", "annee"]
    search_fields = ["reference", "nom", "organisation", "email", "question"]
    search_backend_name = None  # the database: the team's list never depends on the search engine
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = ["-recue_le"]

    def get_queryset(self, request):
        return DemandeInfoDoc.objects.annotate(temps_passe_total=Sum("notes__minutes"))

    def get_urlpatterns(self):
        options = {"permission_policy": self.permission_policy}
        return super().get_urlpatterns() + [
            path("<int:pk>/repondre/", admin_views.RepondreView.as_view(**options), name="repondre"),
            path("<int:pk>/publier/", admin_views.PublierQuestionView.as_view(**options), name="publier"),
            path("<int:pk>/exporter/", admin_views.ExportDemandeurView.as_view(**options), name="exporter"),
            path("anonymiser/", admin_views.AnonymiserView.as_view(**options), name="anonymiser"),
        ]


class QuestionReponseViewSet(SnippetViewSet):
    model = QuestionReponse
    icon = "doc-full"
    menu_label = _("Questions-answers")
    list_display = ["titre", "date", "live"]
    list_filter = ["live", "themes"]
    search_fields = ["titre", "question", "reponse"]
    search_backend_name = None
    copy_view_enabled = False


class DashboardMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return demande_policy.user_has_permission(request.user, "view")


class InfoDocGroup(SnippetViewSetGroup):
    items = (DemandeViewSet, QuestionReponseViewSet)
    menu_icon = "help"
    menu_label = _("Info-doc service")
    menu_name = "service-info-doc"
    menu_order = 250

    def get_submenu_items(self):
        return super().get_submenu_items() + [
            DashboardMenuItem(_("Dashboard"), reverse_lazy("infodoc_dashboard"), icon_name="table", order=300)]


register_snippet(InfoDocGroup)


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("service-info-doc/tableau-de-bord/", admin_views.DashboardView.as_view(), name="infodoc_dashboard"),
        path("service-info-doc/tableau-de-bord.csv", admin_views.DashboardCsvView.as_view(),
             name="infodoc_dashboard_csv"),
    ]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    history.register(actions)
