"""The source rota in the admin (Paramètres > Sources de veille): kept by the network's administrators
(add, change, delete permissions: the Moderators group), read by the partners (view permission:
the listing and each source's page, theirs marked), imported from the agreed CSV list."""
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from reseau.contribution.partners import partner_scope

from .models import SourceVeille
from .rota_import import RotaFileError, import_rota


def can_import(user):
    return user.has_perm("club.add_sourceveille") and user.has_perm("club.change_sourceveille")


class ImportForm(forms.Form):
    fichier = forms.FileField(label=gettext_lazy("CSV file"), help_text=gettext_lazy(
        "Columns nom, url, nature, centre (code or name), depuis, jusqu_au (YYYY-MM-DD or DD/MM/YYYY), note; "
        "separated by semicolons or commas, UTF-8. A source already listed for the same centre is updated."))


def import_view(request, viewset):
    if not can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_rota(form.cleaned_data["fichier"].read())
        except RotaFileError as error:
            form.add_error("fichier", str(error))
    return TemplateResponse(request, "club/rota_import.html", {
        "form": form, "report": report, "index_url": reverse(viewset.get_url_name("index")),
        "header_title": _("Import the source rota"), "page_title": _("Import the source rota"),
    })


class RotaIndexView(IndexView):
    """The rota, the partner's own centre's sources marked (and listed first)."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("centre")
        scope = partner_scope(self.request.user)
        centre_id = scope.contributeur_id if scope is not None else None
        return queryset.annotate(du_centre=Case(When(centre_id=centre_id, then=True), default=False))

    @cached_property
    def columns(self):
        columns = list(super().columns)
        if partner_scope(self.request.user) is not None:
            columns.insert(1, BooleanColumn("du_centre", label=_("Your centre")))
        return columns

    def get_queryset(self):
        queryset = super().get_queryset()
        if partner_scope(self.request.user) is not None and not self.request.GET.get("ordering"):
            queryset = queryset.order_by("-du_centre", "nom")
        return queryset

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if can_import(self.request.user):
            namespace = self.index_url_name.rpartition(":")[0]
            buttons.append(Button(_("Import the rota (CSV)"), url=reverse(f"{namespace}:import"),
                                  icon_name="upload", priority=60))
        return buttons


class SourceVeilleViewSet(ModelViewSet):
    model = SourceVeille
    icon = "site"
    menu_label = gettext_lazy("Watched sources")
    add_to_admin_menu = False
    index_view_class = RotaIndexView
    inspect_view_enabled = True
    list_display = ["nom", "nature", "centre", "depuis", "jusqu_au"]
    list_filter = ["centre", "nature"]
    search_fields = ["nom", "url", "note", "centre__nom"]
    search_backend_name = None
    panels = [FieldPanel("nom"), FieldPanel("url"), FieldPanel("nature"), FieldPanel("centre"),
              FieldRowPanel([FieldPanel("depuis"), FieldPanel("jusqu_au")]), FieldPanel("note")]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("import/", import_view, {"viewset": self}, name="import")]


source_veille_viewset = SourceVeilleViewSet("sources_veille")
