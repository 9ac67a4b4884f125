"""The admin's "Site history" report, narrowed for partners: Wagtail lists every log entry of a
model a user has any permission on, which would show a partner the titles of other centres'
notices and files. A partner sees the entries of its own centre's notices and files only."""
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry

from base_documentaire.models import Fichier, Notice

from .admin_scope import scope_files
from .generic_views_scope import partner_tag_autocomplete
from .partners import partner_scope
from .permissions import scope_notices


def _as_object_ids(queryset):
    """Log entries name their object by a text id."""
    return queryset.annotate(object_key=Cast("pk", CharField())).values("object_key")


def partner_log_entries(queryset, user):
    """Only the model log entries of the partner's own notices and files."""
    if partner_scope(user) is None or queryset.model is not ModelLogEntry:
        return queryset
    own_notices = _as_object_ids(scope_notices(Notice.objects.all(), user))
    own_files = _as_object_ids(scope_files(Fichier.objects.all(), user))
    return queryset.filter(
        Q(content_type__app_label=Notice._meta.app_label, content_type__model=Notice._meta.model_name,
          object_id__in=own_notices)
        | Q(content_type__app_label=Fichier._meta.app_label, content_type__model=Fichier._meta.model_name,
            object_id__in=own_files)
    )


class PartnerAwareLogEntriesView(LogEntriesView):
    def filter_queryset(self, queryset):
        return partner_log_entries(super().filter_queryset(queryset), self.request.user)


def _admin_view(**options):
    return never_cache(require_admin_access(PartnerAwareLogEntriesView.as_view(**options)))


# Served before Wagtail's admin URLs (site/urls.py), under the same paths: Wagtail's own names
# (wagtailadmin_reports:site_history) still build the links, and lead here.
# The tag autocomplete too (partners: generic_views_scope.partner_tag_autocomplete).
urlpatterns = [
    path("admin/reports/site-history/", _admin_view()),
    path("admin/reports/site-history/results/", _admin_view(results_only=True)),
    path("admin/tag-autocomplete/", never_cache(require_admin_access(partner_tag_autocomplete))),
    path("admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/",
         never_cache(require_admin_access(partner_tag_autocomplete))),
]
