"""Admin views of the service: answer a request, publish it as questions-réponses, the yearly dashboard
(with its CSV export), export a requester's data, anonymise requests past the retention period."""
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from crpv_site.request_input import positive_int

from . import answers, history, notifications, rgpd, stats
from .charts import bar_chart
from .models import DemandeInfoDoc, QuestionReponse, Reponse
from .models.settings import infodoc_settings
from .report_export import rapport_csv

DEMANDES = "wagtailsnippets_infodoc_demandeinfodoc"
QUESTIONS = "wagtailsnippets_infodoc_questionreponse"


class TitledBreadcrumbsMixin:
    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class DemandeViewMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    model = DemandeInfoDoc
    permission_required = "change"

    @cached_property
    def demande(self):
        return get_object_or_404(DemandeInfoDoc, pk=self.kwargs["pk"])

    def edit_url(self):
        return reverse(f"{DEMANDES}:edit", args=[self.demande.pk])

    def get_page_subtitle(self):
        return str(self.demande)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{DEMANDES}:list"), "label": DemandeInfoDoc._meta.verbose_name_plural.capitalize()},
            {"url": self.edit_url(), "label": str(self.demande)},
            {"url": "", "label": self.get_page_title()},
        ]


reponse_panel = ObjectList([FieldPanel("sujet"), FieldPanel("corps"), FieldPanel("liens")]).bind_to_model(Reponse)


class RepondreView(DemandeViewMixin, TemplateView):
    template_name = "infodoc/admin/repondre.html"
    page_title = gettext_lazy("Answer the request")
    header_icon = "mail"

    def get_form(self):
        form_class = reponse_panel.get_form_class()
        instance = Reponse(demande=self.demande)
        if self.request.method == "POST":
            return form_class(self.request.POST, instance=instance, for_user=self.request.user)
        initial = {"sujet": answers.default_subject(self.demande),
                   "corps": _("Hello,\n\n\n\nBest regards,\nThe info-doc team")}
        return form_class(instance=instance, initial=initial, for_user=self.request.user)

    def get_context_data(self, form=None, preview=None, **kwargs):
        context = super().get_context_data(**kwargs)
        form = form or self.get_form()
        context.update(demande=self.demande, form=form, preview=preview, cancel_url=self.edit_url(),
                       panel=reponse_panel.get_bound_panel(instance=form.instance, request=self.request, form=form),
                       reponses=self.demande.reponses.order_by("envoyee_le"), media=form.media)
        return context

    def get(self, request, *args, **kwargs):
        if self.demande.anonymisee or not self.demande.email:
            messages.error(request, _("This request is anonymised: it can no longer be answered by e-mail."))
            return redirect(self.edit_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.demande.anonymisee or not self.demande.email:
            return self.get(request, *args, **kwargs)
        form = self.get_form()
        if not form.is_valid():
            messages.error(request, _("The answer could not be sent: please correct the errors below."))
            return self.render_to_response(self.get_context_data(form=form))
        reponse = form.save(commit=False)
        if request.POST.get("action") != "send":
            preview = answers.compose_message(reponse, request)
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        try:
            answers.send_answer(reponse, request.user, request)
        except notifications.MAIL_ERRORS:
            self.demande.refresh_from_db()  # nothing was stored: the answer stays in the form
            messages.error(request, _("The answer could not be sent: the mail server did not accept it. Nothing "
                                      "was recorded; your text is kept below, try again in a moment."))
            return self.render_to_response(self.get_context_data(form=self.get_form()))
        messages.success(request, _("Answer sent to %(email)s and kept with request %(reference)s.")
                         % {"email": self.demande.email, "reference": self.demande.reference})
        return redirect(self.edit_url())


class PublierQuestionView(DemandeViewMixin, TemplateView):
    """Creates (after confirmation) a draft questions-réponses from the request and opens it for anonymisation."""

    template_name = "infodoc/admin/publier.html"
    page_title = gettext_lazy("Publish as questions-answers")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(demande=self.demande, cancel_url=self.edit_url())
        return context

    def post(self, request, *args, **kwargs):
        demande = self.demande
        last_answer = demande.reponses.order_by("-envoyee_le").first()
        item = QuestionReponse(titre=demande.question[:120] if not demande.anonymisee else _("Question"),
                               question="" if demande.anonymisee else demande.question,
                               reponse=last_answer.corps if last_answer else "", demande=demande, live=False)
        item.save()
        item.themes.set(demande.themes.all())
        if demande.territoire_id:
            item.territoires.set([demande.territoire_id])
        item.save()
        history.log_action(demande, history.PUBLISHED_QR, user=request.user)
        messages.warning(request, _("Draft created: remove every name, organisation and contact before publishing."))
        return redirect(reverse(f"{QUESTIONS}:edit", args=[item.pk]))


class ExportDemandeurView(DemandeViewMixin, TemplateView):
    """Every request of this request's e-mail address, as JSON."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        if not self.demande.email:
            messages.error(request, _("This request is anonymised: no personal data is left to export."))
            return redirect(self.edit_url())
        response = HttpResponse(rgpd.export_requester_json(self.demande.email, user=request.user),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="demandeur-{self.demande.reference}.json"'
        return response


class AnonymiserView(PermissionCheckedMixin, TitledBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """Shows how many requests are past the retention period; anonymises them on confirmation."""

    model = DemandeInfoDoc
    permission_required = "delete"
    template_name = "infodoc/admin/anonymiser.html"
    page_title = gettext_lazy("Anonymise old requests")
    header_icon = "warning"

    def months(self):
        return infodoc_settings(self.request).duree_conservation_mois

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(months=self.months(), count=rgpd.due_for_anonymisation(self.months()).count(),
                       limit=rgpd.retention_limit(self.months()), cancel_url=reverse(f"{DEMANDES}:list"))
        return context

    def post(self, request, *args, **kwargs):
        count = rgpd.anonymise(rgpd.due_for_anonymisation(self.months()), user=request.user)
        messages.success(request, _("%(count)s request(s) anonymised.") % {"count": count})
        return redirect(reverse(f"{DEMANDES}:list"))


class DashboardMixin(PermissionCheckedMixin):
    model = DemandeInfoDoc
    permission_required = "view"

    def year(self):
        return positive_int(self.request.GET.get("annee", ""), maximum=9999) or timezone.localdate().year

    def rapport(self):
        centre = list(infodoc_settings(self.request).territoires_centre.values_list("pk", flat=True))
        return stats.rapport_annuel(self.year(), centre)


class DashboardView(DashboardMixin, TitledBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "infodoc/admin/dashboard.html"
    page_title = gettext_lazy("Info-doc dashboard")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rapport = self.rapport()
        context.update(
            rapport=rapport, years=stats.available_years(), csv_url=reverse("infodoc_dashboard_csv"),
            charts=[
                {"id": "themes", "title": _("Requests by theme"), "parts": rapport.themes,
                 "note": _("A request with several themes counts in each of them: shares may add up to more "
                           "than 100 %."), "chart": bar_chart(rapport.themes)},
                {"id": "types", "title": _("Requests by type of organisation"), "parts": rapport.types,
                 "chart": bar_chart(rapport.types)},
                {"id": "territoires", "title": _("Requests by territory"), "parts": rapport.territoires,
                 "note": _("Communes and neighbourhoods are grouped under their EPCI, or their département when "
                           "no EPCI contains them."), "chart": bar_chart(rapport.territoires)},
            ],
            settings_missing=rapport.hors_territoire is None,
            list_url=reverse(f"{DEMANDES}:list"),
        )
        return context


class DashboardCsvView(DashboardMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        rapport = self.rapport()
        response = HttpResponse(rapport_csv(rapport), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="info-doc-{rapport.year}.csv"'
        return response
