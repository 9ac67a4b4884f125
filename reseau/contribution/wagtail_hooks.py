"""Admin of partner contributions: partner accounts, the import of a file, the rejection log."""
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry

from base_documentaire.admin_extension import HOOK as DOCUMENTAIRE_ADMIN_VIEW
from base_documentaire.models import Notice

from . import generic_views_scope, import_views
from .admin_scope import scoped_view_class
from .bulk_import import ImportView
from .models import ComptePartenaire
from .workflow import REFUSE_ACTION


class ComptePartenaireViewSet(ModelViewSet):
    model = ComptePartenaire
    icon = "group"
    menu_label = gettext_lazy("Partner accounts")
    add_to_admin_menu = False
    list_display = ["user", "contributeur", "created_at"]
    list_filter = ["contributeur"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "contributeur__nom"]
    search_backend_name = None
    panels = [FieldPanel("user"), FieldPanel("contributeur")]


compte_partenaire_viewset = ComptePartenaireViewSet("comptes_partenaires")


@hooks.register("register_admin_viewset")
def register_compte_partenaire_viewset():
    return compte_partenaire_viewset


@hooks.register("register_settings_menu_item")
def compte_partenaire_menu_item():
    return compte_partenaire_viewset.get_menu_item()


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("contribution/import/", ImportView.as_view(), name="contribution_import"),
        path("contribution/import/<int:pk>/", import_views.JobView.as_view(), name="contribution_import_job"),
        path("contribution/import/<int:pk>/progression/", import_views.JobProgressView.as_view(),
             name="contribution_import_job_progress"),
        path("contribution/import/<int:pk>/rapport.csv", import_views.JobReportCSVView.as_view(),
             name="contribution_import_job_csv"),
        path("contribution/import/<int:pk>/reprendre/", import_views.JobResumeView.as_view(),
             name="contribution_import_job_resume"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Notice).user_has_permission(request.user, "add")


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(gettext_lazy("Import notices"), reverse("contribution_import"), icon_name="upload",
                          order=210)


@hooks.register("register_log_actions")
def register_refusal_log_action(actions):
    @actions.register_action(REFUSE_ACTION)
    class RefuseFormatter(LogFormatter):
        label = gettext_lazy("Workflow: reject the notice")

        def format_message(self, log_entry):
            try:
                return _("Rejected at “%(task)s”. The notice will not be published") % {
                    "task": log_entry.data["workflow"]["task"]["title"]}
            except (KeyError, TypeError):
                return _("Notice rejected")

        def format_comment(self, log_entry):
            return log_entry.data.get("comment", "")


# Partners see and change only their own centre's notices and files, in every admin view of them.
hooks.register(DOCUMENTAIRE_ADMIN_VIEW, scoped_view_class)


# -- Wagtail's generic views a partner reaches (choosers, admin API, page chooser, page move) ------
# After every other viewset is registered and before Wagtail builds their URLs: the choosers.
@hooks.register("register_admin_viewset", order=1000)
def confine_choosers_to_partners_centre():
    generic_views_scope.confine_choosers(viewsets)
    return []


@hooks.register("construct_admin_api", order=1000)  # after Wagtail's endpoints: replaces them
def confine_admin_api_to_partners_centre(router):
    for name, rule in (("documents", generic_views_scope.choosable), ("images", generic_views_scope.choosable),
                       ("pages", generic_views_scope.published_pages)):
        endpoint = router._endpoints.get(name)
        if endpoint is not None:
            router.register_endpoint(name, generic_views_scope.scoped_admin_api(endpoint, rule))


hooks.register("construct_page_chooser_queryset", generic_views_scope.page_chooser_queryset)
hooks.register("before_move_page", generic_views_scope.check_page_move)
