"""Admin views of a Personne's data-protection requests: JSON export and erasure (with confirmation)."""
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .models import Personne
from .rgpd import CANAL_ADMIN, effacer_personne, export_json


class PersonneMixin(PermissionCheckedMixin):
    model = Personne
    url_namespace = ""  # the viewset's, e.g. "wagtailsnippets_annuaire_personne"

    @cached_property
    def personne(self):
        return get_object_or_404(Personne.objects.select_related("acteur"), pk=self.kwargs["pk"])

    def url(self, name, *args):
        return reverse(f"{self.url_namespace}:{name}", args=args)


class ExportView(PersonneMixin, TemplateView):
    permission_required = "change"
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        response = HttpResponse(export_json(self.personne, user=request.user, canal=CANAL_ADMIN),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="personne-{self.personne.pk}.json"'
        return response


class EffacerView(PersonneMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = "delete"
    template_name = "annuaire/admin/effacer_personne.html"
    page_title = gettext_lazy("Erase the data")
    header_icon = "bin"

    def get_page_subtitle(self):
        return str(self.personne)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.url("list"), "label": Personne._meta.verbose_name_plural.capitalize()},
            {"url": self.url("edit", self.personne.pk), "label": str(self.personne)},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(personne=self.personne, cancel_url=self.url("edit", self.personne.pk),
                       export_url=self.url("rgpd_export", self.personne.pk))
        return context

    def post(self, request, *args, **kwargs):
        pk, acteur = self.personne.pk, self.personne.acteur
        effacer_personne(self.personne, user=request.user, canal=CANAL_ADMIN)
        messages.success(request, _("The data of person %(id)s were erased. %(acteur)s is kept.")
                         % {"id": pk, "acteur": acteur.nom})
        return redirect(self.url("list"))
